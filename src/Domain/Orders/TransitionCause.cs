namespace SslFlow.Domain.Orders;

/// <summary>The kinds of cause the transition table knows; each legal edge lists the kinds it accepts.</summary>
public enum TransitionCauseKind
{
    /// <summary>The order was created (paid); only for the first audit entry.</summary>
    Created,
    /// <summary>Domain/organization details were submitted to the CA.</summary>
    Submitted,
    /// <summary>A validation step finished and the plan moved on (sub-status change inside ACTIVATION IN PROGRESS).</summary>
    StepCompleted,
    Issued,
    Renewed,
    Reissued,
    /// <summary>The CA refused the order or a validation step failed.</summary>
    Rejected,
    /// <summary>A validation step or the overall DCV deadline (45/60 days) ran out.</summary>
    TimedOut,
    /// <summary>The customer or an operator cancelled; the only cause that leads from REVOKED to a refund.</summary>
    Cancelled,
    /// <summary>An ACTIVATION ERROR is owed its money back.</summary>
    RefundDue,
    Refunded,
    Revoked,
    Expired,
    /// <summary>The certificate was installed on a target and seen on the wire (issue 17); the status stays ACTIVE.</summary>
    Installed,
    /// <summary>Installing on a target failed (retried with backoff); the status stays ACTIVE and the certificate downloadable.</summary>
    InstallFailed,
}

/// <summary>Why a transition happened: a short machine code (from <see cref="Kind"/>) and a human reason.</summary>
public sealed record TransitionCause(TransitionCauseKind Kind, string Reason)
{
    /// <summary>Stable machine code, e.g. <c>cancel</c>, <c>timeout</c>, <c>ca-rejected</c>.</summary>
    public string Code => CodeOf(Kind);

    public static string CodeOf(TransitionCauseKind kind) => kind switch
    {
        TransitionCauseKind.Created => "created",
        TransitionCauseKind.Submitted => "submitted",
        TransitionCauseKind.StepCompleted => "step-completed",
        TransitionCauseKind.Issued => "issued",
        TransitionCauseKind.Renewed => "renewed",
        TransitionCauseKind.Reissued => "reissued",
        TransitionCauseKind.Rejected => "ca-rejected",
        TransitionCauseKind.TimedOut => "timeout",
        TransitionCauseKind.Cancelled => "cancel",
        TransitionCauseKind.RefundDue => "refund-due",
        TransitionCauseKind.Refunded => "refunded",
        TransitionCauseKind.Revoked => "revoked",
        TransitionCauseKind.Expired => "expired",
        TransitionCauseKind.Installed => "installed",
        TransitionCauseKind.InstallFailed => "install-failed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static TransitionCause Of(TransitionCauseKind kind, string reason) => new(kind, reason);
}
