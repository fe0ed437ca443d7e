using Microsoft.DurableTask;
using SslFlow.Activities.Caas;
using SslFlow.Activities.Installation;
using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Renewal;
using SslFlow.Activities.Vault;
using SslFlow.Contracts;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;

namespace SslFlow.Activities;

/// <summary>One activity: the name it is registered and called by (<see cref="ActivityNames"/>), its class, and its input and output types.</summary>
public sealed record ActivityFunction(string Name, Type Type, Type InputType, Type OutputType);

/// <summary>
/// Every activity of the service, in one place: <see cref="AddSslFlowActivities"/> registers them with a Durable Task worker
/// (the local host), the hosts put their classes in the container, and the Azure Functions app has one thin function per
/// entry, which its catalog test compares with this list.
/// </summary>
public static class ActivityCatalog
{
    public static IReadOnlyList<ActivityFunction> Activities { get; } =
    [
        Activity<RecordOrder, RecordOrderInput, bool>(ActivityNames.RecordOrder),
        Activity<RecordTransition, RecordTransitionInput, bool>(ActivityNames.RecordTransition),
        Activity<CreateCsr, CreateCsrInput, CsrOutput>(ActivityNames.CreateCsr),
        Activity<SubmitOrder, SubmitOrderInput, CaSubmission>(ActivityNames.SubmitOrder),
        Activity<PublishChallenges, PublishChallengesInput, int>(ActivityNames.PublishChallenges),
        Activity<RemoveChallenges, PublishChallengesInput, int>(ActivityNames.RemoveChallenges),
        Activity<StartValidation, CaReferenceInput, bool>(ActivityNames.StartValidation),
        Activity<CheckCaOrder, CheckCaOrderInput, CaOrderState>(ActivityNames.CheckCaOrder),
        Activity<FinalizeOrder, FinalizeInput, CaOrderState>(ActivityNames.FinalizeOrder),
        Activity<DownloadAndMerge, DownloadAndMergeInput, IssuedCertificate>(ActivityNames.DownloadAndMerge),
        Activity<NotifyCustomer, NotifyCustomerInput, bool>(ActivityNames.NotifyCustomer),
        Activity<UpdateInventory, UpdateInventoryInput, bool>(ActivityNames.UpdateInventory),
        Activity<RemoveFromSchedule, RemoveFromScheduleInput, bool>(ActivityNames.RemoveFromSchedule),
        Activity<PrepareRenewal, PrepareRenewalInput, RenewalPreparation>(ActivityNames.PrepareRenewal),
        Activity<MarkReminded, MarkRemindedInput, bool>(ActivityNames.MarkReminded),
        Activity<RevokeCertificate, RevokeInput, string>(ActivityNames.RevokeCertificate),
        Activity<CancelCaOrder, CancelCaOrderInput, bool>(ActivityNames.CancelCaOrder),
        Activity<Refund, RefundInput, string>(ActivityNames.Refund),
        Activity<CreateSubscription, CreateSubscriptionInput, CaasSubscription>(ActivityNames.CreateSubscription),
        Activity<DeactivateSubscription, DeactivateSubscriptionInput, CaasSubscription>(ActivityNames.DeactivateSubscription),
        Activity<DestroyCredentials, DestroyCredentialsInput, bool>(ActivityNames.DestroyCredentials),
        Activity<RenewSubscription, RenewSubscriptionInput, CaasSubscription>(ActivityNames.RenewSubscription),
        Activity<GetSubscription, GetSubscriptionInput, CaasSubscription>(ActivityNames.GetSubscription),
        Activity<PrepareInstallation, PrepareInstallationInput, InstallationPlan>(ActivityNames.PrepareInstallation),
        Activity<InstallCertificate, InstallRequest, InstallResult>(ActivityNames.InstallCertificate),
        Activity<VerifyInstallation, VerifyInstallationInput, TlsVerification>(ActivityNames.VerifyInstallation),
        Activity<RecordInstallation, RecordInstallationInput, bool>(ActivityNames.RecordInstallation),
        Activity<RecordOrganizationVetting, RecordOrganizationVettingInput, bool>(ActivityNames.RecordOrganizationVetting),
    ];

    /// <summary>
    /// Registers every activity under its name. Activities are created per call with ActivatorUtilities, so their
    /// constructor dependencies (ports, options, loggers) must be in the container.
    /// </summary>
    public static DurableTaskRegistry AddSslFlowActivities(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var a in Activities) registry.AddActivity(a.Name, a.Type);
        return registry;
    }

    // The constraint ties each entry's types to its class at compile time.
    private static ActivityFunction Activity<TActivity, TIn, TOut>(string name) where TActivity : TaskActivity<TIn, TOut> =>
        new(name, typeof(TActivity), typeof(TIn), typeof(TOut));
}
