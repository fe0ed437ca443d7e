using Microsoft.DurableTask;
using SslFlow.Activities.Caas;
using SslFlow.Activities.Installation;
using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Ports;
using SslFlow.Activities.Renewal;
using SslFlow.Activities.Vault;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Workflow.Catalog;

/// <summary>One orchestrator or activity: the name it is registered and called by, its class, and its input and output types.</summary>
public sealed record WorkflowFunction(string Name, Type Type, Type InputType, Type OutputType);

/// <summary>
/// Every orchestrator and activity of the service, in one place: <see cref="AddSslFlowWorkflow"/> registers them with a
/// Durable Task worker (the local host), and the Azure Functions app has one thin function per entry, which its catalog
/// test compares with these lists.
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

    public static IReadOnlyList<WorkflowFunction> Activities { get; } =
    [
        Activity<RecordOrder, RecordOrderInput, bool>(nameof(RecordOrder)),
        Activity<RecordTransition, RecordTransitionInput, bool>(nameof(RecordTransition)),
        Activity<CreateCsr, CreateCsrInput, CsrOutput>(nameof(CreateCsr)),
        Activity<SubmitOrder, SubmitOrderInput, CaSubmission>(nameof(SubmitOrder)),
        Activity<PublishChallenges, PublishChallengesInput, int>(nameof(PublishChallenges)),
        Activity<RemoveChallenges, PublishChallengesInput, int>(nameof(RemoveChallenges)),
        Activity<StartValidation, CaReferenceInput, bool>(nameof(StartValidation)),
        Activity<CheckCaOrder, CheckCaOrderInput, CaOrderState>(nameof(CheckCaOrder)),
        Activity<FinalizeOrder, FinalizeInput, CaOrderState>(nameof(FinalizeOrder)),
        Activity<DownloadAndMerge, DownloadAndMergeInput, IssuedCertificate>(nameof(DownloadAndMerge)),
        Activity<NotifyCustomer, NotifyCustomerInput, bool>(nameof(NotifyCustomer)),
        Activity<UpdateInventory, UpdateInventoryInput, bool>(nameof(UpdateInventory)),
        Activity<RemoveFromSchedule, RemoveFromScheduleInput, bool>(nameof(RemoveFromSchedule)),
        Activity<PrepareRenewal, PrepareRenewalInput, RenewalPreparation>(nameof(PrepareRenewal)),
        Activity<MarkReminded, MarkRemindedInput, bool>(nameof(MarkReminded)),
        Activity<RevokeCertificate, RevokeInput, string>(nameof(RevokeCertificate)),
        Activity<CancelCaOrder, CancelCaOrderInput, bool>(nameof(CancelCaOrder)),
        Activity<Refund, RefundInput, string>(nameof(Refund)),
        Activity<CreateSubscription, CreateSubscriptionInput, CaasSubscription>(nameof(CreateSubscription)),
        Activity<DeactivateSubscription, DeactivateSubscriptionInput, CaasSubscription>(nameof(DeactivateSubscription)),
        Activity<DestroyCredentials, DestroyCredentialsInput, bool>(nameof(DestroyCredentials)),
        Activity<RenewSubscription, RenewSubscriptionInput, CaasSubscription>(nameof(RenewSubscription)),
        Activity<GetSubscription, GetSubscriptionInput, CaasSubscription>(nameof(GetSubscription)),
        Activity<PrepareInstallation, PrepareInstallationInput, InstallationPlan>(nameof(PrepareInstallation)),
        Activity<InstallCertificate, InstallRequest, InstallResult>(nameof(InstallCertificate)),
        Activity<VerifyInstallation, VerifyInstallationInput, TlsVerification>(nameof(VerifyInstallation)),
        Activity<RecordInstallation, RecordInstallationInput, bool>(nameof(RecordInstallation)),
        Activity<RecordOrganizationVetting, RecordOrganizationVettingInput, bool>(nameof(RecordOrganizationVetting)),
    ];

    /// <summary>
    /// Registers every orchestrator and activity under its name. Activities are created per call with
    /// ActivatorUtilities, so their constructor dependencies (ports, options, loggers) must be in the container.
    /// </summary>
    public static DurableTaskRegistry AddSslFlowWorkflow(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var o in Orchestrators) registry.AddOrchestrator(o.Name, o.Type);
        foreach (var a in Activities) registry.AddActivity(a.Name, a.Type);
        return registry;
    }

    // The constraints tie each entry's types to its class at compile time.
    private static WorkflowFunction Orchestrator<TOrchestrator, TIn, TOut>(string name) where TOrchestrator : TaskOrchestrator<TIn, TOut>, new() =>
        new(name, typeof(TOrchestrator), typeof(TIn), typeof(TOut));

    private static WorkflowFunction Activity<TActivity, TIn, TOut>(string name) where TActivity : TaskActivity<TIn, TOut> =>
        new(name, typeof(TActivity), typeof(TIn), typeof(TOut));
}
