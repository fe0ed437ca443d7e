using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Renewal;
using SslFlow.Activities.Vault;
using SslFlow.Workflow.Abstractions;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Workflow.Catalog;

/// <summary>
/// Every orchestration and activity by its function name, for whichever engine hosts them (the embedded engine
/// registers them from here; the Azure Functions app has one thin function per entry).
/// </summary>
public static class WorkflowCatalog
{
    public sealed record OrchestrationEntry(string Name, Func<IOrchestrationContext, Task<object?>> Run);

    public sealed record ActivityEntry(string Name, Type ActivityType, Func<IServiceProvider, string?, CancellationToken, Task<string?>> Run);

    public static IReadOnlyList<OrchestrationEntry> Orchestrations { get; } =
    [
        Orchestration<OrderOrchestration, OrderInput, OrderResult>(nameof(OrderOrchestration)),
        Orchestration<IssueCertificateOrchestration, IssueCertificateInput, IssuedCertificate>(nameof(IssueCertificateOrchestration)),
        Orchestration<RenewalOrchestration, RenewalInput, RenewalResult>(nameof(RenewalOrchestration)),
        Orchestration<DisableCertificateOrchestration, RenewalInput, bool>(nameof(DisableCertificateOrchestration)),
        Orchestration<ExpiryReminderOrchestration, ExpiryReminderInput, bool>(nameof(ExpiryReminderOrchestration)),
        Orchestration<RevokeOrchestration, RevokeRequest, string>(nameof(RevokeOrchestration)),
        Orchestration<CancelIssuedOrchestration, CancelIssuedRequest, string>(nameof(CancelIssuedOrchestration)),
        Orchestration<ReissueOrchestration, ReissueRequest, IssuedCertificate>(nameof(ReissueOrchestration)),
    ];

    public static IReadOnlyList<ActivityEntry> Activities { get; } =
    [
        Activity<RecordOrder, RecordOrderInput, bool>(nameof(RecordOrder)),
        Activity<RecordTransition, RecordTransitionInput, bool>(nameof(RecordTransition)),
        Activity<CreateCsr, CreateCsrInput, CsrOutput>(nameof(CreateCsr)),
        Activity<SubmitOrder, SubmitOrderInput, Activities.Ports.CaSubmission>(nameof(SubmitOrder)),
        Activity<PublishChallenges, PublishChallengesInput, int>(nameof(PublishChallenges)),
        Activity<RemoveChallenges, PublishChallengesInput, int>(nameof(RemoveChallenges)),
        Activity<StartValidation, CaReferenceInput, bool>(nameof(StartValidation)),
        Activity<CheckCaOrder, CheckCaOrderInput, Activities.Ports.CaOrderState>(nameof(CheckCaOrder)),
        Activity<FinalizeOrder, FinalizeInput, Activities.Ports.CaOrderState>(nameof(FinalizeOrder)),
        Activity<DownloadAndMerge, DownloadAndMergeInput, IssuedCertificate>(nameof(DownloadAndMerge)),
        Activity<NotifyCustomer, NotifyCustomerInput, bool>(nameof(NotifyCustomer)),
        Activity<UpdateInventory, UpdateInventoryInput, bool>(nameof(UpdateInventory)),
        Activity<RemoveFromSchedule, RemoveFromScheduleInput, bool>(nameof(RemoveFromSchedule)),
        Activity<PrepareRenewal, PrepareRenewalInput, RenewalPreparation>(nameof(PrepareRenewal)),
        Activity<MarkReminded, MarkRemindedInput, bool>(nameof(MarkReminded)),
        Activity<RevokeCertificate, RevokeInput, string>(nameof(RevokeCertificate)),
        Activity<CancelCaOrder, CancelCaOrderInput, bool>(nameof(CancelCaOrder)),
        Activity<Refund, RefundInput, string>(nameof(Refund)),
    ];

    private static OrchestrationEntry Orchestration<TOrchestration, TIn, TOut>(string name)
        where TOrchestration : IOrchestration<TIn, TOut>, new() =>
        new(name, async ctx => await new TOrchestration().RunAsync(ctx, ctx.GetInput<TIn>()!));

    private static ActivityEntry Activity<TActivity, TIn, TOut>(string name)
        where TActivity : IActivity<TIn, TOut> =>
        new(name, typeof(TActivity), async (services, json, ct) =>
        {
            var activity = (TActivity)(services.GetService(typeof(TActivity)) ?? throw new InvalidOperationException($"Activity {typeof(TActivity).Name} is not registered."));
            return WorkflowJson.Serialize(await activity.RunAsync(WorkflowJson.Deserialize<TIn>(json)!, ct));
        });
}
