namespace SslFlow.Application.Orders;

/// <summary><paramref name="Conflict"/>: the idempotency key already names a different order (nothing was created).</summary>
public sealed record OrderAccepted(string OrderId, bool Created, string? Conflict = null);

public enum LifecycleOutcome
{
    Started,
    AlreadyRunning,
    NotFound,
    WrongState,
    /// <summary>Done at once (resend approval, change DCV method).</summary>
    Done,
    /// <summary>The request is not valid for this order; <see cref="LifecycleResult.Errors"/> names the fields.</summary>
    Invalid,
}

public sealed record LifecycleResult(LifecycleOutcome Outcome, string? InstanceId, string? Detail, IReadOnlyList<(string Field, string Reason)>? Errors = null);
