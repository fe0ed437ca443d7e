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
    public Task<bool> RecordOrder([ActivityTrigger] RecordOrderInput input, CancellationToken cancellationToken) =>
        this.RunAsync<RecordOrder, RecordOrderInput, bool>(input, cancellationToken);

    [Function(nameof(RecordOrganizationVetting))]
    public Task<bool> RecordOrganizationVetting([ActivityTrigger] RecordOrganizationVettingInput input, CancellationToken cancellationToken) =>
        this.RunAsync<RecordOrganizationVetting, RecordOrganizationVettingInput, bool>(input, cancellationToken);

    [Function(nameof(RecordTransition))]
    public Task<bool> RecordTransition([ActivityTrigger] RecordTransitionInput input, CancellationToken cancellationToken) =>
        this.RunAsync<RecordTransition, RecordTransitionInput, bool>(input, cancellationToken);

    [Function(nameof(CreateCsr))]
    public Task<CsrOutput> CreateCsr([ActivityTrigger] CreateCsrInput input, CancellationToken cancellationToken) =>
        this.RunAsync<CreateCsr, CreateCsrInput, CsrOutput>(input, cancellationToken);

    [Function(nameof(SubmitOrder))]
    public Task<CaSubmission> SubmitOrder([ActivityTrigger] SubmitOrderInput input, CancellationToken cancellationToken) =>
        this.RunAsync<SubmitOrder, SubmitOrderInput, CaSubmission>(input, cancellationToken);

    [Function(nameof(PublishChallenges))]
    public Task<int> PublishChallenges([ActivityTrigger] PublishChallengesInput input, CancellationToken cancellationToken) =>
        this.RunAsync<PublishChallenges, PublishChallengesInput, int>(input, cancellationToken);

    [Function(nameof(RemoveChallenges))]
    public Task<int> RemoveChallenges([ActivityTrigger] PublishChallengesInput input, CancellationToken cancellationToken) =>
        this.RunAsync<RemoveChallenges, PublishChallengesInput, int>(input, cancellationToken);

    [Function(nameof(StartValidation))]
    public Task<bool> StartValidation([ActivityTrigger] CaReferenceInput input, CancellationToken cancellationToken) =>
        this.RunAsync<StartValidation, CaReferenceInput, bool>(input, cancellationToken);

    [Function(nameof(CheckCaOrder))]
    public Task<CaOrderState> CheckCaOrder([ActivityTrigger] CheckCaOrderInput input, CancellationToken cancellationToken) =>
        this.RunAsync<CheckCaOrder, CheckCaOrderInput, CaOrderState>(input, cancellationToken);

    [Function(nameof(FinalizeOrder))]
    public Task<CaOrderState> FinalizeOrder([ActivityTrigger] FinalizeInput input, CancellationToken cancellationToken) =>
        this.RunAsync<FinalizeOrder, FinalizeInput, CaOrderState>(input, cancellationToken);

    [Function(nameof(DownloadAndMerge))]
    public Task<IssuedCertificate> DownloadAndMerge([ActivityTrigger] DownloadAndMergeInput input, CancellationToken cancellationToken) =>
        this.RunAsync<DownloadAndMerge, DownloadAndMergeInput, IssuedCertificate>(input, cancellationToken);

    [Function(nameof(NotifyCustomer))]
    public Task<bool> NotifyCustomer([ActivityTrigger] NotifyCustomerInput input, CancellationToken cancellationToken) =>
        this.RunAsync<NotifyCustomer, NotifyCustomerInput, bool>(input, cancellationToken);

    [Function(nameof(UpdateInventory))]
    public Task<bool> UpdateInventory([ActivityTrigger] UpdateInventoryInput input, CancellationToken cancellationToken) =>
        this.RunAsync<UpdateInventory, UpdateInventoryInput, bool>(input, cancellationToken);

    [Function(nameof(RemoveFromSchedule))]
    public Task<bool> RemoveFromSchedule([ActivityTrigger] RemoveFromScheduleInput input, CancellationToken cancellationToken) =>
        this.RunAsync<RemoveFromSchedule, RemoveFromScheduleInput, bool>(input, cancellationToken);

    [Function(nameof(PrepareRenewal))]
    public Task<RenewalPreparation> PrepareRenewal([ActivityTrigger] PrepareRenewalInput input, CancellationToken cancellationToken) =>
        this.RunAsync<PrepareRenewal, PrepareRenewalInput, RenewalPreparation>(input, cancellationToken);

    [Function(nameof(MarkReminded))]
    public Task<bool> MarkReminded([ActivityTrigger] MarkRemindedInput input, CancellationToken cancellationToken) =>
        this.RunAsync<MarkReminded, MarkRemindedInput, bool>(input, cancellationToken);

    [Function(nameof(RevokeCertificate))]
    public Task<string> RevokeCertificate([ActivityTrigger] RevokeInput input, CancellationToken cancellationToken) =>
        this.RunAsync<RevokeCertificate, RevokeInput, string>(input, cancellationToken);

    [Function(nameof(CancelCaOrder))]
    public Task<bool> CancelCaOrder([ActivityTrigger] CancelCaOrderInput input, CancellationToken cancellationToken) =>
        this.RunAsync<CancelCaOrder, CancelCaOrderInput, bool>(input, cancellationToken);

    [Function(nameof(Refund))]
    public Task<string> Refund([ActivityTrigger] RefundInput input, CancellationToken cancellationToken) =>
        this.RunAsync<Refund, RefundInput, string>(input, cancellationToken);

    [Function(nameof(CreateSubscription))]
    public Task<CaasSubscription> CreateSubscription([ActivityTrigger] CreateSubscriptionInput input, CancellationToken cancellationToken) =>
        this.RunAsync<CreateSubscription, CreateSubscriptionInput, CaasSubscription>(input, cancellationToken);

    [Function(nameof(DeactivateSubscription))]
    public Task<CaasSubscription> DeactivateSubscription([ActivityTrigger] DeactivateSubscriptionInput input, CancellationToken cancellationToken) =>
        this.RunAsync<DeactivateSubscription, DeactivateSubscriptionInput, CaasSubscription>(input, cancellationToken);

    [Function(nameof(DestroyCredentials))]
    public Task<bool> DestroyCredentials([ActivityTrigger] DestroyCredentialsInput input, CancellationToken cancellationToken) =>
        this.RunAsync<DestroyCredentials, DestroyCredentialsInput, bool>(input, cancellationToken);

    [Function(nameof(RenewSubscription))]
    public Task<CaasSubscription> RenewSubscription([ActivityTrigger] RenewSubscriptionInput input, CancellationToken cancellationToken) =>
        this.RunAsync<RenewSubscription, RenewSubscriptionInput, CaasSubscription>(input, cancellationToken);

    [Function(nameof(GetSubscription))]
    public Task<CaasSubscription> GetSubscription([ActivityTrigger] GetSubscriptionInput input, CancellationToken cancellationToken) =>
        this.RunAsync<GetSubscription, GetSubscriptionInput, CaasSubscription>(input, cancellationToken);

    [Function(nameof(PrepareInstallation))]
    public Task<InstallationPlan> PrepareInstallation([ActivityTrigger] PrepareInstallationInput input, CancellationToken cancellationToken) =>
        this.RunAsync<PrepareInstallation, PrepareInstallationInput, InstallationPlan>(input, cancellationToken);

    [Function(nameof(InstallCertificate))]
    public Task<InstallResult> InstallCertificate([ActivityTrigger] InstallRequest input, CancellationToken cancellationToken) =>
        this.RunAsync<InstallCertificate, InstallRequest, InstallResult>(input, cancellationToken);

    [Function(nameof(VerifyInstallation))]
    public Task<TlsVerification> VerifyInstallation([ActivityTrigger] VerifyInstallationInput input, CancellationToken cancellationToken) =>
        this.RunAsync<VerifyInstallation, VerifyInstallationInput, TlsVerification>(input, cancellationToken);

    [Function(nameof(RecordInstallation))]
    public Task<bool> RecordInstallation([ActivityTrigger] RecordInstallationInput input, CancellationToken cancellationToken) =>
        this.RunAsync<RecordInstallation, RecordInstallationInput, bool>(input, cancellationToken);

    internal async Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input, CancellationToken cancellationToken, string? instanceId = null)
        where TActivity : TaskActivity<TInput, TOutput>
        where TInput : notnull
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (orderId, caReference) = ActivityInputs.Identify(input);
        using (OrderScope.Begin(logger, orderId, caReference))
        {
            // The same TaskActivity class the local host registers in its DurableTaskRegistry, resolved from the container.
            return await services.GetRequiredService<TActivity>().RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId ?? ""), input);
        }
    }
}

/// <summary>The activity context the SDK's class-based activities take; the Functions trigger binds only the input.</summary>
internal sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
