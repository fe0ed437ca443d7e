namespace SslFlow.Domain.Orders;

/// <summary>A transition the table does not allow. Always a bug or a race in the caller, never bad customer input.</summary>
public sealed class IllegalTransitionException : InvalidOperationException
{
    public IllegalTransitionException(OrderState from, OrderState to, TransitionCauseKind cause, string? detail = null)
        : base($"Illegal order transition {from} -> {to} with cause '{TransitionCause.CodeOf(cause)}'" + (detail is null ? "." : $": {detail}"))
    {
        From = from;
        To = to;
        Cause = cause;
    }

    public OrderState From { get; }
    public OrderState To { get; }
    public TransitionCauseKind Cause { get; }
}
