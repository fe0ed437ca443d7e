namespace SslFlow.Contracts;

/// <summary>
/// The name each activity is registered and called by. Orchestrations call activities by these names, not by class, so
/// Workflow does not reference Activities. The values are the names activities were registered under before the names
/// had a home of their own (their class names): durable history recorded under them replays unchanged.
/// </summary>
public static class ActivityNames
{
    public const string RecordOrder = "RecordOrder";
    public const string RecordTransition = "RecordTransition";
    public const string CreateCsr = "CreateCsr";
    public const string SubmitOrder = "SubmitOrder";
    public const string PublishChallenges = "PublishChallenges";
    public const string RemoveChallenges = "RemoveChallenges";
    public const string StartValidation = "StartValidation";
    public const string CheckCaOrder = "CheckCaOrder";
    public const string FinalizeOrder = "FinalizeOrder";
    public const string DownloadAndMerge = "DownloadAndMerge";
    public const string NotifyCustomer = "NotifyCustomer";
    public const string UpdateInventory = "UpdateInventory";
    public const string RemoveFromSchedule = "RemoveFromSchedule";
    public const string PrepareRenewal = "PrepareRenewal";
    public const string MarkReminded = "MarkReminded";
    public const string RevokeCertificate = "RevokeCertificate";
    public const string CancelCaOrder = "CancelCaOrder";
    public const string Refund = "Refund";
    public const string CreateSubscription = "CreateSubscription";
    public const string DeactivateSubscription = "DeactivateSubscription";
    public const string DestroyCredentials = "DestroyCredentials";
    public const string RenewSubscription = "RenewSubscription";
    public const string GetSubscription = "GetSubscription";
    public const string PrepareInstallation = "PrepareInstallation";
    public const string InstallCertificate = "InstallCertificate";
    public const string VerifyInstallation = "VerifyInstallation";
    public const string RecordInstallation = "RecordInstallation";
    public const string RecordOrganizationVetting = "RecordOrganizationVetting";
}
