using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Contracts.Notifications;

public sealed record NotifyCustomerInput(string OrderId, NotificationKind Kind, int Sequence, string? Reason = null,
    IReadOnlyList<DcvChallenge>? Challenges = null, int? DaysLeft = null);
