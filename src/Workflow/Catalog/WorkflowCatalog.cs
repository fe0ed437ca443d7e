using Microsoft.DurableTask;
using SslFlow.Contracts.Issuance;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Workflow.Catalog;

/// <summary>One orchestrator: the name it is registered and called by, its class, and its input and output types.</summary>
public sealed record WorkflowFunction(string Name, Type Type, Type InputType, Type OutputType);

/// <summary>
/// Every orchestrator of the service, in one place: <see cref="AddSslFlowOrchestrators"/> registers them with a Durable
/// Task worker (the local host), and the Azure Functions app has one thin function per entry, which its catalog test
/// compares with this list. The activities have their own list beside their classes (SslFlow.Activities.ActivityCatalog):
/// orchestrations know activities only by <see cref="Contracts.ActivityNames"/>.
/// </summary>
public static class WorkflowCatalog
{
    public static IReadOnlyList<WorkflowFunction> Orchestrators { get; } =
    [
        Orchestrator<OrderOrchestration, OrderInput, OrderResult>(nameof(OrderOrchestration)),
        Orchestrator<IssueCertificateOrchestration, IssueCertificateInput, IssuedCertificate>(nameof(IssueCertificateOrchestration)),
        Orchestrator<RenewalOrchestration, RenewalInput, RenewalResult>(nameof(RenewalOrchestration)),
        Orchestrator<DisableCertificateOrchestration, RenewalInput, bool>(nameof(DisableCertificateOrchestration)),
        Orchestrator<ExpiryReminderOrchestration, ExpiryReminderInput, bool>(nameof(ExpiryReminderOrchestration)),
        Orchestrator<RevokeOrchestration, RevokeRequest, string>(nameof(RevokeOrchestration)),
        Orchestrator<CancelIssuedOrchestration, CancelIssuedRequest, string>(nameof(CancelIssuedOrchestration)),
        Orchestrator<ReissueOrchestration, ReissueRequest, IssuedCertificate>(nameof(ReissueOrchestration)),
        Orchestrator<CaasSubscriptionOrchestration, CaasSubscriptionInput, CaasSubscriptionResult>(nameof(CaasSubscriptionOrchestration)),
        Orchestrator<InstallCertificateOrchestration, InstallCertificateInput, InstallSummary>(nameof(InstallCertificateOrchestration)),
    ];

    /// <summary>Registers every orchestrator under its name (the host adds the activities: SslFlow.Activities.ActivityCatalog).</summary>
    public static DurableTaskRegistry AddSslFlowOrchestrators(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var o in Orchestrators) registry.AddOrchestrator(o.Name, o.Type);
        return registry;
    }

    // The constraints tie each entry's types to its class at compile time.
    private static WorkflowFunction Orchestrator<TOrchestrator, TIn, TOut>(string name) where TOrchestrator : TaskOrchestrator<TIn, TOut>, new() =>
        new(name, typeof(TOrchestrator), typeof(TIn), typeof(TOut));
}
