using Microsoft.DurableTask;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// Unique names for the steps that write audit entries and send mail (issue 26 item 2): "{instance id}#{sequence}". The
/// numbers alone were made up per orchestration (a hash of the instance id, 1000 × the renewal count, …) and could collide
/// across instances of one order, which dropped an entry or a mail silently. Instance ids are unique and each orchestration
/// numbers its own steps uniquely, so the pair is unique; the store allocates the entry's visible sequence number.
/// Adding the key changes no history event: instances started before it replay unchanged.
/// </summary>
public static class StepKeys
{
    public static string For(TaskOrchestrationContext context, int sequence) => $"{context.InstanceId}#{sequence}";

    public static RecordTransitionInput Keyed(this RecordTransitionInput input, TaskOrchestrationContext context) =>
        input.Transition.Key is not null ? input : input with { Transition = input.Transition with { Key = For(context, input.Transition.Sequence) } };

    public static NotifyCustomerInput Keyed(this NotifyCustomerInput input, TaskOrchestrationContext context) =>
        input.Key is not null ? input : input with { Key = For(context, input.Sequence) };
}
