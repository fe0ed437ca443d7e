namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// The durations of a subscription's life. They travel in the orchestration input (orchestrations are created without
/// DI), so a test or a demo can make them short. <paramref name="ReadableFor"/> must match the credential store's
/// delivery period (the hosts take both from the same setting).
/// </summary>
/// <param name="ReadableFor">From the order date until the credential is destroyed (seed 003: 7 days).</param>
/// <param name="RefundWindow">From activation: a cancel inside it deactivates the key and refunds.</param>
/// <param name="ValidationPollInterval">OV: how often the CA is asked whether it vetted the organization (recovers a lost webhook).</param>
/// <param name="ValidationDeadline">OV: from the order date; the order ends ACTIVATION ERROR (timeout) and is refunded after it.</param>
/// <param name="RemindBefore">Reminders before the term ends (NotificationKind.Expiring), e.g. 30 and 7 days.</param>
public sealed record CaasSettings(TimeSpan ReadableFor, TimeSpan RefundWindow, TimeSpan ValidationPollInterval, TimeSpan ValidationDeadline, IReadOnlyList<TimeSpan> RemindBefore)
{
    public static CaasSettings Default { get; } = new(TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromHours(4), TimeSpan.FromDays(60),
        [TimeSpan.FromDays(30), TimeSpan.FromDays(7)]);
}

/// <summary>
/// A CaaS order: product, term, who owns it and which CaaS provider serves it. <paramref name="Active"/> is null when the
/// order is placed; a renewal continues the instance as new with it set, so the new generation starts at the active life.
/// <paramref name="Revision"/>: see <see cref="CurrentRevision"/>; the starter and every ContinueAsNew set the current one.
/// </summary>
public sealed record CaasSubscriptionInput(
    string OrderId,
    string ProductCode,
    TimeSpan Term,
    string Provider,
    string Customer,
    string? ContactEmail,
    string? OrganizationName,
    CaasSettings Settings,
    CaasActiveState? Active = null,
    int Revision = 0)
{
    /// <summary>
    /// The code revision a generation was started by (0: before this field). A generation replays the actions of the
    /// code that started it; a revision that schedules new actions checks it, so a generation started earlier (in flight
    /// during a deploy) keeps its old actions. 1: a failed renewal reads the subscription back from the CA.
    /// </summary>
    public const int CurrentRevision = 1;
}

/// <summary>
/// What an ACTIVE subscription carries across <c>ContinueAsNew</c> after a renewal (the history of the finished
/// generation is dropped, so everything the later deadlines need is here).
/// </summary>
/// <param name="OrderedAt">The order date: the credential's delivery period counts from it and does not restart on renewal.</param>
/// <param name="ActiveAt">The original activation: the refund window counts from it, also after renewals.</param>
/// <param name="NotAfter">The current end of the term.</param>
/// <param name="CredentialsDestroyed">True once the delivery period's timer destroyed the stored key (it is never re-delivered).</param>
/// <param name="RefundUntil">The end of the refund window (<paramref name="ActiveAt"/> + refund window).</param>
/// <param name="Renewals">Renewals applied so far; the timeline entries and mails of renewals are numbered by it.</param>
/// <param name="AppliedRenewals">The idempotency keys of the last <see cref="MaxAppliedRenewals"/> renewals applied (oldest
/// first; null before the first keyed one): a renew event carrying one of them is a client's retry and is ignored.</param>
/// <param name="RenewalAttempts">Renewal requests made to the CA so far, applied or not; each attempt's key at the CA is
/// built from it, so a failed attempt's stored answer is never taken for a later request. Absent (0) in a state written
/// before it existed, whose attempts were its <paramref name="Renewals"/>.</param>
public sealed record CaasActiveState(
    string CaReference,
    string? KeyId,
    DateTimeOffset OrderedAt,
    DateTimeOffset ActiveAt,
    DateTimeOffset NotAfter,
    bool CredentialsDestroyed,
    DateTimeOffset RefundUntil,
    int Renewals,
    IReadOnlyList<CaasAppliedRenewal>? AppliedRenewals = null,
    int RenewalAttempts = 0)
{
    /// <summary>
    /// How many keys are remembered. A client retries a request within minutes, not after twenty further renewals; the
    /// bound keeps the state that ContinueAsNew carries small however long the subscription lives.
    /// </summary>
    public const int MaxAppliedRenewals = 20;
}

/// <summary>A keyed renewal that was applied: its (account-namespaced) idempotency key and the term it added.</summary>
public sealed record CaasAppliedRenewal(string Key, TimeSpan Term);

/// <summary>The external events a subscription listens to besides the orders' <c>cancel</c>.</summary>
public static class CaasEvents
{
    /// <summary>Renew the term of an ACTIVE subscription; the payload is <see cref="CaasRenewRequest"/>.</summary>
    public const string Renew = "caas.renew";
}

/// <param name="Term">How much is added to the current end of the term.</param>
/// <param name="Actor">Customer, or an operator acting for the customer.</param>
/// <param name="RequestedBy">The account id that asked, for the timeline.</param>
/// <param name="IdempotencyKey">The request's <c>Idempotency-Key</c>, namespaced by the caller's account (null without
/// the header): a renewal with a key the subscription already applied is not applied again.</param>
public sealed record CaasRenewRequest(TimeSpan Term, SslFlow.Domain.Orders.OrderActor Actor, string RequestedBy, string? IdempotencyKey = null);

public sealed record CaasSubscriptionResult(string OrderId, string Status, string? CaReference, string? Reason);
