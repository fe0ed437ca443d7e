using SslFlow.Domain.Rules;
namespace SslFlow.Contracts.CertificateAuthorities;

/// <summary>
/// A certificate authority as the workflow sees it, whatever its protocol (ACME, a reseller order API).
/// Every call is re-runnable: activities run at least once.
/// </summary>
public interface ICertificateAuthority
{
    /// <summary>The vendor key orders and webhooks name (e.g. "acme", "sandbox").</summary>
    string Name { get; }

    /// <summary>Places the order (once per <see cref="CaOrderRequest.OrderKey"/>) and returns its CA reference and what DCV needs.</summary>
    Task<CaSubmission> SubmitAsync(CaOrderRequest request, CancellationToken cancellationToken);

    /// <summary>Tells the CA the DCV answers are in place (ACME: answer the challenges). No-op when already done.</summary>
    Task StartValidationAsync(string caReference, CancellationToken cancellationToken);

    Task<CaOrderState> GetStateAsync(string caReference, CancellationToken cancellationToken);

    /// <summary>Submits the CSR. When the CA has it already (processing or issued), does nothing: one finalization per order.</summary>
    Task<CaOrderState> FinalizeAsync(string caReference, byte[] csrDer, CancellationToken cancellationToken);

    /// <summary>The issued chain, leaf first, DER.</summary>
    Task<IReadOnlyList<byte[]>> DownloadAsync(string caReference, CancellationToken cancellationToken);

    Task RevokeAsync(byte[] certificateDer, int reason, CancellationToken cancellationToken);

    /// <summary>
    /// True when the CA finishes validation steps itself and tells us by webhook (reseller order APIs: email DCV,
    /// OV/EV checks); the workflow then waits for the product's validation plan events. False for ACME, where
    /// the service answers the challenges itself.
    /// </summary>
    bool ValidatesByEvents => false;

    /// <summary>Cancels a not-yet-issued order at the CA (reseller APIs refund it). ACME orders simply expire.</summary>
    Task CancelAsync(string caReference, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends the approver email again (email DCV).</summary>
    Task ResendApprovalAsync(string caReference, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Name} does not send approver emails.");

    /// <summary>Switches the order's DCV method; returns what the customer must now put in place.</summary>
    Task<IReadOnlyList<DcvChallenge>> ChangeDcvMethodAsync(string caReference, DcvMethod method, string? approverEmail, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Name} cannot change the DCV method of a placed order.");

    /// <summary>
    /// ACME Renewal Information (RFC 9773) for an issued certificate (leaf DER): the CA's suggested renewal window and
    /// the identifier a renewal names in <c>replaces</c>. Null when the CA offers no renewal information.
    /// </summary>
    Task<CaRenewalInfo?> GetRenewalInfoAsync(byte[] certificateDer, CancellationToken cancellationToken) => Task.FromResult<CaRenewalInfo?>(null);

    /// <summary>
    /// The organization vetting behind the order's completed organization step: when it was done and for which order (an
    /// earlier one when the CA reused its vetting). Null when the CA does not say, or the step is not complete.
    /// </summary>
    Task<CaOrganizationVetting?> GetOrganizationVettingAsync(string caReference, CancellationToken cancellationToken) => Task.FromResult<CaOrganizationVetting?>(null);
}

/// <summary><paramref name="CaReference"/>: the CA's order the organization was vetted for (the order itself, or the one whose vetting was reused).</summary>
public sealed record CaOrganizationVetting(DateTimeOffset VettedAt, string CaReference);

/// <summary>An ARI <c>suggestedWindow</c> and the ARI certificate identifier (for <c>replaces</c>).</summary>
public sealed record CaRenewalInfo(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, string CertificateId);

/// <summary>
/// <paramref name="OrderKey"/> makes the submission idempotent (order id + attempt). <paramref name="ApproverEmail"/>: the
/// constructed address the customer chose for email DCV (the CA's default when null).
/// </summary>
public sealed record CaOrderRequest(string OrderKey, string ProductCode, IReadOnlyList<string> DnsNames, DcvMethod DcvMethod, string? ContactEmail,
    string? Replaces = null, string? ApproverEmail = null, Domain.Organizations.SubjectDetails? Subject = null);

/// <summary>What the customer (or the service) must put in place for one name.</summary>
public sealed record DcvChallenge(string DnsName, DcvMethod Method, string Token, string Value, string? Location);

/// <summary>
/// <paramref name="ValidatesByEvents"/> is filled in by the SubmitOrder activity from <see cref="ICertificateAuthority.ValidatesByEvents"/>,
/// so the pipeline knows whether to run the product's validation plan (adapters may leave it false).
/// </summary>
public sealed record CaSubmission(string CaReference, IReadOnlyList<DcvChallenge> Challenges, bool ValidatesByEvents = false);

public enum CaOrderStatus
{
    Pending,
    Ready,
    Processing,
    Valid,
    Invalid,
}

/// <summary>
/// <paramref name="CompletedSteps"/>: the validation events the CA has finished (names as in the product's plan, e.g.
/// <c>dcv.completed</c>), so a slow poll recovers a lost webhook.
/// </summary>
public sealed record CaOrderState(string CaReference, CaOrderStatus Status, string? Error = null, IReadOnlyList<string>? CompletedSteps = null);
