using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SslFlow.Activities.Issuance;
using SslFlow.Functions.DurableAdapters;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Functions.Orchestrators;

/// <summary>
/// One orchestrator function per orchestration in src/Workflow, named as in <c>WorkflowCatalog</c>: each adapts
/// Durable's context to the workflow port and runs the same class the embedded engine runs.
/// </summary>
public static class OrchestratorFunctions
{
    [Function(nameof(OrderOrchestration))]
    public static Task<OrderResult> Order([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DurableOrchestrationRunner.RunAsync(context, new OrderOrchestration());

    [Function(nameof(IssueCertificateOrchestration))]
    public static Task<IssuedCertificate> IssueCertificate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DurableOrchestrationRunner.RunAsync(context, new IssueCertificateOrchestration());

    [Function(nameof(RenewalOrchestration))]
    public static Task<RenewalResult> Renewal([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DurableOrchestrationRunner.RunAsync(context, new RenewalOrchestration());

    [Function(nameof(DisableCertificateOrchestration))]
    public static Task<bool> DisableCertificate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DurableOrchestrationRunner.RunAsync(context, new DisableCertificateOrchestration());

    [Function(nameof(ExpiryReminderOrchestration))]
    public static Task<bool> ExpiryReminder([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DurableOrchestrationRunner.RunAsync(context, new ExpiryReminderOrchestration());

    [Function(nameof(RevokeOrchestration))]
    public static Task<string> Revoke([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DurableOrchestrationRunner.RunAsync(context, new RevokeOrchestration());

    [Function(nameof(CancelIssuedOrchestration))]
    public static Task<string> CancelIssued([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DurableOrchestrationRunner.RunAsync(context, new CancelIssuedOrchestration());

    [Function(nameof(ReissueOrchestration))]
    public static Task<IssuedCertificate> Reissue([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DurableOrchestrationRunner.RunAsync(context, new ReissueOrchestration());
}
