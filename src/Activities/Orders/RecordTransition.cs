using SslFlow.Activities.Issuance;
using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Orders;

/// <summary>Applies a status change and its audit entry; idempotent by the transition's sequence number.</summary>
public sealed class RecordTransition(IOrderStore store) : IActivity<RecordTransitionInput, bool>
{
    public async Task<bool> RunAsync(RecordTransitionInput input, CancellationToken cancellationToken)
    {
        await store.ApplyAsync(input.OrderId, input.Transition, input.Update, cancellationToken);
        return true;
    }
}
