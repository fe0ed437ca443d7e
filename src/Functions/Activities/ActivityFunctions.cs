using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SslFlow.Activities.Caas;
using SslFlow.Activities.Installation;
using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Renewal;
using SslFlow.Activities.Vault;
using SslFlow.Application.Telemetry;
using Microsoft.DurableTask;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;

namespace SslFlow.Functions.Activities;

/// <summary>
/// One activity function per activity in src/Activities, named as in <c>WorkflowCatalog</c>. Each resolves the
/// activity class and runs it inside a log scope with the input's order id and CA reference.
/// </summary>
public sealed class ActivityFunctions(IServiceProvider services, ILogger<ActivityFunctions> logger)
{
    [Function(nameof(RecordOrder))]
    public Task<bool> RecordOrder([ActivityTrigger] RecordOrderInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<RecordOrder, RecordOrderInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(RecordOrganizationVetting))]
    public Task<bool> RecordOrganizationVetting([ActivityTrigger] RecordOrganizationVettingInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<RecordOrganizationVetting, RecordOrganizationVettingInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(RecordTransition))]
    public Task<bool> RecordTransition([ActivityTrigger] RecordTransitionInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<RecordTransition, RecordTransitionInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(CreateCsr))]
    public Task<CsrOutput> CreateCsr([ActivityTrigger] CreateCsrInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<CreateCsr, CreateCsrInput, CsrOutput>(input, instanceId, cancellationToken);

    [Function(nameof(SubmitOrder))]
    public Task<CaSubmission> SubmitOrder([ActivityTrigger] SubmitOrderInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<SubmitOrder, SubmitOrderInput, CaSubmission>(input, instanceId, cancellationToken);

    [Function(nameof(PublishChallenges))]
    public Task<int> PublishChallenges([ActivityTrigger] PublishChallengesInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<PublishChallenges, PublishChallengesInput, int>(input, instanceId, cancellationToken);

    [Function(nameof(RemoveChallenges))]
    public Task<int> RemoveChallenges([ActivityTrigger] PublishChallengesInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<RemoveChallenges, PublishChallengesInput, int>(input, instanceId, cancellationToken);

    [Function(nameof(StartValidation))]
    public Task<bool> StartValidation([ActivityTrigger] CaReferenceInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<StartValidation, CaReferenceInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(CheckCaOrder))]
    public Task<CaOrderState> CheckCaOrder([ActivityTrigger] CheckCaOrderInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<CheckCaOrder, CheckCaOrderInput, CaOrderState>(input, instanceId, cancellationToken);

    [Function(nameof(FinalizeOrder))]
    public Task<CaOrderState> FinalizeOrder([ActivityTrigger] FinalizeInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<FinalizeOrder, FinalizeInput, CaOrderState>(input, instanceId, cancellationToken);

    [Function(nameof(DownloadAndMerge))]
    public Task<IssuedCertificate> DownloadAndMerge([ActivityTrigger] DownloadAndMergeInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<DownloadAndMerge, DownloadAndMergeInput, IssuedCertificate>(input, instanceId, cancellationToken);

    [Function(nameof(NotifyCustomer))]
    public Task<bool> NotifyCustomer([ActivityTrigger] NotifyCustomerInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<NotifyCustomer, NotifyCustomerInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(UpdateInventory))]
    public Task<bool> UpdateInventory([ActivityTrigger] UpdateInventoryInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<UpdateInventory, UpdateInventoryInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(RemoveFromSchedule))]
    public Task<bool> RemoveFromSchedule([ActivityTrigger] RemoveFromScheduleInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<RemoveFromSchedule, RemoveFromScheduleInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(PrepareRenewal))]
    public Task<RenewalPreparation> PrepareRenewal([ActivityTrigger] PrepareRenewalInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<PrepareRenewal, PrepareRenewalInput, RenewalPreparation>(input, instanceId, cancellationToken);

    [Function(nameof(MarkReminded))]
    public Task<bool> MarkReminded([ActivityTrigger] MarkRemindedInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<MarkReminded, MarkRemindedInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(RevokeCertificate))]
    public Task<string> RevokeCertificate([ActivityTrigger] RevokeInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<RevokeCertificate, RevokeInput, string>(input, instanceId, cancellationToken);

    [Function(nameof(CancelCaOrder))]
    public Task<bool> CancelCaOrder([ActivityTrigger] CancelCaOrderInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<CancelCaOrder, CancelCaOrderInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(Refund))]
    public Task<string> Refund([ActivityTrigger] RefundInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<Refund, RefundInput, string>(input, instanceId, cancellationToken);

    [Function(nameof(CreateSubscription))]
    public Task<CaasSubscription> CreateSubscription([ActivityTrigger] CreateSubscriptionInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<CreateSubscription, CreateSubscriptionInput, CaasSubscription>(input, instanceId, cancellationToken);

    [Function(nameof(DeactivateSubscription))]
    public Task<CaasSubscription> DeactivateSubscription([ActivityTrigger] DeactivateSubscriptionInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<DeactivateSubscription, DeactivateSubscriptionInput, CaasSubscription>(input, instanceId, cancellationToken);

    [Function(nameof(DestroyCredentials))]
    public Task<bool> DestroyCredentials([ActivityTrigger] DestroyCredentialsInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<DestroyCredentials, DestroyCredentialsInput, bool>(input, instanceId, cancellationToken);

    [Function(nameof(RenewSubscription))]
    public Task<CaasSubscription> RenewSubscription([ActivityTrigger] RenewSubscriptionInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<RenewSubscription, RenewSubscriptionInput, CaasSubscription>(input, instanceId, cancellationToken);

    [Function(nameof(GetSubscription))]
    public Task<CaasSubscription> GetSubscription([ActivityTrigger] GetSubscriptionInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<GetSubscription, GetSubscriptionInput, CaasSubscription>(input, instanceId, cancellationToken);

    [Function(nameof(PrepareInstallation))]
    public Task<InstallationPlan> PrepareInstallation([ActivityTrigger] PrepareInstallationInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<PrepareInstallation, PrepareInstallationInput, InstallationPlan>(input, instanceId, cancellationToken);

    [Function(nameof(InstallCertificate))]
    public Task<InstallResult> InstallCertificate([ActivityTrigger] InstallRequest input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<InstallCertificate, InstallRequest, InstallResult>(input, instanceId, cancellationToken);

    [Function(nameof(VerifyInstallation))]
    public Task<TlsVerification> VerifyInstallation([ActivityTrigger] VerifyInstallationInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<VerifyInstallation, VerifyInstallationInput, TlsVerification>(input, instanceId, cancellationToken);

    [Function(nameof(RecordInstallation))]
    public Task<bool> RecordInstallation([ActivityTrigger] RecordInstallationInput input, string instanceId, CancellationToken cancellationToken) =>
        this.RunAsync<RecordInstallation, RecordInstallationInput, bool>(input, instanceId, cancellationToken);

    /// <param name="instanceId">
    /// The calling orchestration's instance id: every wrapper declares a <c>string instanceId</c> parameter, which the worker
    /// fills from the activity trigger's binding data (the Durable extension names it <c>instanceId</c>), as the Durable
    /// source generator's wrappers do; the activity sees it as <see cref="TaskActivityContext.InstanceId"/>, as on the local host.
    /// </param>
    internal async Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input, string instanceId, CancellationToken cancellationToken)
        where TActivity : TaskActivity<TInput, TOutput>
        where TInput : notnull
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (orderId, caReference) = ActivityInputs.Identify(input);
        using (OrderScope.Begin(logger, orderId, caReference))
        {
            // The same TaskActivity class the local host registers in its DurableTaskRegistry, resolved from the container.
            return await services.GetRequiredService<TActivity>().RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);
        }
    }
}

/// <summary>The activity context the SDK's class-based activities take: the activity's name and its orchestration's instance id.</summary>
internal sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
