namespace SslFlow.Domain.Orders;

/// <summary>
/// Enforces <see cref="TransitionTable"/> and produces the audit entry for every transition. Pure: the time is an input
/// (an orchestration passes its replay-safe CurrentUtcDateTime).
/// </summary>
public static class OrderStateMachine
{
    /// <summary>The first audit entry of an order: nothing → PENDING ACTIVATION (the order is paid).</summary>
    public static OrderAuditEntry Create(DateTimeOffset at, OrderActor actor, string reason = "Order paid") =>
        new(at, null, OrderStatus.PendingActivation, OrderSubStatus.None, TransitionCauseKind.Created,
            TransitionCause.CodeOf(TransitionCauseKind.Created), reason, actor);

    /// <summary>True when <see cref="Transition"/> would succeed.</summary>
    public static bool CanTransition(OrderState from, OrderState to, TransitionCauseKind cause) => Violation(from, to, cause) is null;

    /// <summary>Checks the move and returns its audit entry; throws <see cref="IllegalTransitionException"/> naming from/to otherwise.</summary>
    public static OrderAuditEntry Transition(OrderState from, OrderState to, TransitionCause cause, OrderActor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(cause);
        if (Violation(from, to, cause.Kind) is { } why) throw new IllegalTransitionException(from, to, cause.Kind, why);
        return new OrderAuditEntry(at, from.Status, to.Status, to.SubStatus, cause.Kind, cause.Code, cause.Reason, actor);
    }

    /// <summary>Convenience overload for the common case.</summary>
    public static OrderAuditEntry Transition(OrderState from, OrderStatus to, OrderSubStatus toSubStatus, TransitionCauseKind cause,
        string reason, OrderActor actor, DateTimeOffset at) =>
        Transition(from, new OrderState(to, toSubStatus), new TransitionCause(cause, reason), actor, at);

    private static string? Violation(OrderState from, OrderState to, TransitionCauseKind cause)
    {
        if (from.Status != OrderStatus.ActivationInProgress && from.SubStatus != OrderSubStatus.None)
            return $"the current state carries sub-status {from.SubStatus}, which only ACTIVATION IN PROGRESS may have";
        if (to.Status != OrderStatus.ActivationInProgress && to.SubStatus != OrderSubStatus.None)
            return $"sub-status {to.SubStatus} is only allowed with ACTIVATION IN PROGRESS";
        var rule = TransitionTable.Find(from.Status, to.Status);
        if (rule is null) return "no such edge in the transition table";
        if (!rule.Causes.Contains(cause))
            return $"allowed causes are {string.Join(", ", rule.Causes.Select(TransitionCause.CodeOf))}";
        if (from.Status == OrderStatus.ActivationInProgress && to.Status == OrderStatus.ActivationInProgress && from.SubStatus == to.SubStatus)
            return "a step change inside ACTIVATION IN PROGRESS must change the sub-status";
        return null;
    }
}
