namespace SslFlow.Contracts.Caas;

/// <summary>
/// Delivery of CaaS credentials (seed 003): readable by the order's owner for a fixed period from the order date
/// (7 days), encrypted at rest, then destroyed; never regenerated. Every read attempt is recorded (who, when, outcome;
/// never the secret) for the order's timeline. Time comes from the store's <see cref="TimeProvider"/>.
/// </summary>
public interface ICredentialStore
{
    /// <summary>
    /// Keeps the credential of <paramref name="orderId"/>. Re-runnable: when the order has one already (or had one that
    /// was destroyed) nothing changes and false is returned, so a re-run never replaces or revives a key.
    /// </summary>
    Task<bool> SaveAsync(string orderId, string caReference, EabCredential credential, DateTimeOffset orderedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the credential for <paramref name="reader"/> (the customer or operator id) and records the attempt. Past the
    /// delivery period the secret is destroyed on the spot (if a sweep has not done it yet) and the answer is
    /// <see cref="CredentialReadOutcome.Gone"/>.
    /// </summary>
    Task<CredentialRead> ReadAsync(string orderId, string reader, CancellationToken cancellationToken);

    /// <summary>Destroys the secret now (period over, cancel). Idempotent; false when there was nothing left to destroy.</summary>
    Task<bool> DestroyAsync(string orderId, string reason, CancellationToken cancellationToken);

    /// <summary>Destroys every secret whose delivery period has ended; returns how many (a timer's sweep).</summary>
    Task<int> DestroyExpiredAsync(CancellationToken cancellationToken);

    /// <summary>The recorded read attempts of an order, oldest first (for its timeline).</summary>
    Task<IReadOnlyList<CredentialAccess>> GetReadsAsync(string orderId, CancellationToken cancellationToken);
}

public enum CredentialReadOutcome
{
    Delivered,
    /// <summary>The delivery period is over or the secret was destroyed: HTTP 410.</summary>
    Gone,
    /// <summary>No credential for this order (not a CaaS order, or not minted yet): HTTP 404.</summary>
    NotFound,
}

/// <summary>
/// <paramref name="Credential"/> only when <see cref="CredentialReadOutcome.Delivered"/>; <paramref name="AvailableUntil"/> is
/// the end of the delivery period; <paramref name="DestroyedAt"/> when the secret is gone.
/// </summary>
public sealed record CredentialRead(CredentialReadOutcome Outcome, string? CaReference, EabCredential? Credential, DateTimeOffset? AvailableUntil, DateTimeOffset? DestroyedAt);

/// <summary>One read attempt as the timeline shows it: who, when, what they got (never the secret).</summary>
public sealed record CredentialAccess(string OrderId, string Reader, DateTimeOffset At, CredentialReadOutcome Outcome);
