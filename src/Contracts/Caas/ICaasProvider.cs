namespace SslFlow.Contracts.Caas;

/// <summary>
/// A CA's "certificate as a service" (seed 003): the customer buys a subscription and gets External Account Binding
/// credentials (RFC 8555 §7.3.4) for their own ACME client. Every call is re-runnable (activities run at least once):
/// <see cref="CaasRequest.OrderKey"/> makes creation idempotent at the CA, so a re-run gets the same subscription and
/// the same key, never a second one. Only the sandbox CA is implemented; a commercial CA's EAB API gets an adapter of
/// this shape.
/// </summary>
/// <remarks>
/// The HMAC key is a secret. An activity that calls <see cref="CreateSubscriptionAsync"/> must put the credential into
/// <see cref="ICredentialStore"/> itself and return only <see cref="CaasSubscription.WithoutSecret"/>: activity outputs are
/// kept in the orchestration history, which is not a secret store.
/// </remarks>
public interface ICaasProvider
{
    /// <summary>The vendor key orders and webhooks name (e.g. "sandbox").</summary>
    string Name { get; }

    /// <summary>
    /// Opens the subscription (once per order key) or returns the one opened before. DV: active at once, with the
    /// credential. OV: <see cref="CaasStatus.PendingValidation"/> (no credential) until the CA has vetted the
    /// organization; calling again afterwards returns the credential.
    /// </summary>
    Task<CaasSubscription> CreateSubscriptionAsync(CaasRequest request, CancellationToken cancellationToken);

    /// <summary>The subscription as the CA sees it, without the secret (the CA reference is the key for tracking).</summary>
    Task<CaasSubscription> GetAsync(string caReference, CancellationToken cancellationToken);

    /// <summary>Extends the term by <paramref name="term"/> from the current end, once per <paramref name="renewalKey"/>.</summary>
    Task<CaasSubscription> RenewTermAsync(string caReference, string renewalKey, TimeSpan term, CancellationToken cancellationToken);

    /// <summary>Tells the CA to deactivate the EAB key (cancel/refund, term end). Deactivating twice is one deactivation.</summary>
    Task<CaasSubscription> DeactivateAsync(string caReference, string reason, CancellationToken cancellationToken);
}

/// <param name="OrderKey">Idempotency key at the CA (the SslFlow order id).</param>
/// <param name="ProductCode">A CaaS product, e.g. <c>caas-dv</c> or <c>caas-ov</c>.</param>
/// <param name="Term">How long the subscription runs once active.</param>
/// <param name="CustomerId">The SslFlow customer account that owns the order.</param>
public sealed record CaasRequest(string OrderKey, string ProductCode, TimeSpan Term, string CustomerId, string? ContactEmail = null, string? OrganizationName = null);

public enum CaasStatus
{
    /// <summary>OV: the CA vets the organization before it mints the key.</summary>
    PendingValidation,
    Active,
    /// <summary>The CA deactivated the key (cancel, refund, term end).</summary>
    Deactivated,
    Rejected,
}

/// <summary>
/// EAB credentials: the key id and base64url HMAC key an ACME client sends with <c>newAccount</c>, and the ACME
/// directory they are for. <see cref="ToString"/> leaves the HMAC key out so a logged record does not leak it.
/// </summary>
public sealed record EabCredential(string KeyId, string HmacKey, Uri DirectoryUrl)
{
    public override string ToString() => $"EabCredential {{ KeyId = {KeyId}, HmacKey = ***, DirectoryUrl = {DirectoryUrl} }}";
}

/// <summary>
/// <paramref name="KeyId"/> is known once the key is minted (not secret; it names the key at the CA).
/// <paramref name="Credential"/> is only filled by <see cref="ICaasProvider.CreateSubscriptionAsync"/>.
/// <paramref name="NotAfter"/>: the end of the paid term.
/// </summary>
public sealed record CaasSubscription(
    string CaReference,
    CaasStatus Status,
    string? KeyId,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    EabCredential? Credential,
    IReadOnlyList<string> CompletedSteps,
    string? Reason = null)
{
    /// <summary>The same without the HMAC key: what an activity may return and a log may show.</summary>
    public CaasSubscription WithoutSecret() => this with { Credential = null };
}
