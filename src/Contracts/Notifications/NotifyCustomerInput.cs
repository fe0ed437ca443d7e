using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;

namespace SslFlow.Contracts.Notifications;

/// <param name="Key">The sending step's unique name ("{instance id}#{sequence}", see <see cref="Orders.OrderTransition.Key"/>): the
/// email's idempotency key when given, so mails of different instances of one order cannot share one; null on inputs of
/// instances started before it existed (keyed by order and <paramref name="Sequence"/>).</param>
public sealed record NotifyCustomerInput(string OrderId, NotificationKind Kind, int Sequence, string? Reason = null,
    IReadOnlyList<DcvChallenge>? Challenges = null, int? DaysLeft = null, string? Key = null);
