using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Caas;

namespace SslFlow.Functions.Orchestrators;

/// <summary>
/// One orchestrator function per orchestrator of <c>WorkflowCatalog</c>, each a one-line wrapper over the very class the
/// local host runs on the Durable Task Framework: Durable Functions hands it the same <see cref="TaskOrchestrationContext"/>.
/// </summary>
public static class OrchestratorFunctions
{
    [Function(nameof(OrderOrchestration))]
    public static Task<OrderResult> Order([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new OrderOrchestration().RunAsync(context, context.GetInput<OrderInput>()!);

    [Function(nameof(IssueCertificateOrchestration))]
    public static Task<IssuedCertificate> IssueCertificate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new IssueCertificateOrchestration().RunAsync(context, context.GetInput<IssueCertificateInput>()!);

    [Function(nameof(RenewalOrchestration))]
    public static Task<RenewalResult> Renewal([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RenewalOrchestration().RunAsync(context, context.GetInput<RenewalInput>()!);

    [Function(nameof(DisableCertificateOrchestration))]
    public static Task<bool> DisableCertificate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new DisableCertificateOrchestration().RunAsync(context, context.GetInput<RenewalInput>()!);

    [Function(nameof(ExpiryReminderOrchestration))]
    public static Task<bool> ExpiryReminder([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ExpiryReminderOrchestration().RunAsync(context, context.GetInput<ExpiryReminderInput>()!);

    [Function(nameof(RevokeOrchestration))]
    public static Task<string> Revoke([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RevokeOrchestration().RunAsync(context, context.GetInput<RevokeRequest>()!);

    [Function(nameof(CancelIssuedOrchestration))]
    public static Task<string> CancelIssued([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CancelIssuedOrchestration().RunAsync(context, context.GetInput<CancelIssuedRequest>()!);

    [Function(nameof(ReissueOrchestration))]
    public static Task<IssuedCertificate> Reissue([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ReissueOrchestration().RunAsync(context, context.GetInput<ReissueRequest>()!);

    [Function(nameof(CaasSubscriptionOrchestration))]
    public static Task<CaasSubscriptionResult> CaasSubscription([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CaasSubscriptionOrchestration().RunAsync(context, context.GetInput<CaasSubscriptionInput>()!);

    [Function(nameof(InstallCertificateOrchestration))]
    public static Task<InstallSummary> InstallCertificate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new InstallCertificateOrchestration().RunAsync(context, context.GetInput<InstallCertificateInput>()!);
}
