using static SslFlow.Domain.Orders.OrderStatus;
using static SslFlow.Domain.Orders.TransitionCauseKind;

namespace SslFlow.Domain.Orders;

/// <summary>One edge of the lifecycle: from, to, and the cause kinds that may take it.</summary>
public sealed record TransitionRule(OrderStatus From, OrderStatus To, IReadOnlySet<TransitionCauseKind> Causes);

/// <summary>
/// The single source of truth for the order lifecycle; <see cref="OrderStateMachine"/> is the only enforcer.
/// Choices where the product pages are silent:
/// <list type="bullet">
/// <item>PENDING ACTIVATION → ACTIVATION ERROR when the CA refuses the submission itself; → TO BE REFUNDED on cancel or
/// when the customer never submits details before the deadline (timeout).</item>
/// <item>Cancel after issuance (inside the refund window) is two edges: ACTIVE → REVOKED (cause cancel), then
/// REVOKED → TO BE REFUNDED, which accepts cause <c>cancel</c> only, so an ordinary revocation never refunds.</item>
/// <item>ACTIVE → ACTIVE is a new certificate version (renewed or reissued) under the same order and CA reference.</item>
/// <item>CERTIFICATE DISABLED → ACTIVE is allowed for a late renewal only (a renewal that ran after notAfter, e.g. after a
/// CA outage), so the order recovers instead of forcing a new purchase. Nothing else leaves CERTIFICATE DISABLED:
/// revoking an expired certificate has no effect, so it is refused.</item>
/// <item>ACTIVATION ERROR always goes on to TO BE REFUNDED (the customer orders again rather than retrying in place).</item>
/// <item>REFUNDED is terminal.</item>
/// </list>
/// </summary>
public static class TransitionTable
{
    public static IReadOnlyList<TransitionRule> Rules { get; } =
    [
        Rule(PendingActivation, ActivationInProgress, Submitted),
        Rule(PendingActivation, ActivationError, Rejected),
        Rule(PendingActivation, ToBeRefunded, Cancelled, TimedOut),

        // Sub-status changes inside ACTIVATION IN PROGRESS follow the validation plan's current step.
        Rule(ActivationInProgress, ActivationInProgress, StepCompleted),
        Rule(ActivationInProgress, Active, Issued),
        Rule(ActivationInProgress, ActivationError, Rejected, TimedOut),
        Rule(ActivationInProgress, ToBeRefunded, Cancelled),

        Rule(ActivationError, ToBeRefunded, RefundDue),
        Rule(ToBeRefunded, OrderStatus.Refunded, TransitionCauseKind.Refunded),

        Rule(Active, Active, Renewed, Reissued, TransitionCauseKind.Installed, InstallFailed),
        Rule(Active, OrderStatus.Revoked, TransitionCauseKind.Revoked, Cancelled),
        Rule(Active, CertificateDisabled, Expired),

        Rule(OrderStatus.Revoked, ToBeRefunded, Cancelled),
        Rule(CertificateDisabled, Active, Renewed),
    ];

    private static readonly Dictionary<(OrderStatus, OrderStatus), TransitionRule> ByEdge =
        Rules.ToDictionary(r => (r.From, r.To));

    /// <summary>The rule for an edge, or null when the edge does not exist.</summary>
    public static TransitionRule? Find(OrderStatus from, OrderStatus to) => ByEdge.GetValueOrDefault((from, to));

    public static bool IsAllowed(OrderStatus from, OrderStatus to, TransitionCauseKind cause) =>
        Find(from, to)?.Causes.Contains(cause) == true;

    public static IEnumerable<OrderStatus> TargetsFrom(OrderStatus from) => Rules.Where(r => r.From == from).Select(r => r.To);

    /// <summary>Statuses with no way out.</summary>
    public static bool IsTerminal(OrderStatus status) => !Rules.Any(r => r.From == status);

    private static TransitionRule Rule(OrderStatus from, OrderStatus to, params TransitionCauseKind[] causes) =>
        new(from, to, new HashSet<TransitionCauseKind>(causes));
}
