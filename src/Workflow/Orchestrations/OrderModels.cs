using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;


namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// What an order orchestration starts with: the validated, normalised order (and the warnings intake gave, kept on the record).
/// <see cref="DnsNames"/> are the names the certificate certifies: DNS names, or for an S/MIME product its one mailbox.
/// </summary>
public sealed record OrderInput(
    string OrderId,
    string ProductCode,
    IReadOnlyList<string> DnsNames,
    DcvMethod DcvMethod,
    string? ContactEmail,
    string CaName,
    KeyAlgorithm Key = KeyAlgorithm.EcP256,
    string? Customer = null,
    TimeSpan? ValidationPollInterval = null,
    string? ApproverEmail = null,
    IReadOnlyList<string>? Warnings = null,
    IReadOnlyList<InstallTarget>? InstallTargets = null,
    SavedOrderSettings? Saved = null,
    Domain.Organizations.SubjectDetails? Subject = null,
    string? OrganizationProfileId = null);

/// <summary>
/// One run of the issuance pipeline: a new order, a renewal or a reissue. <paramref name="SequenceBase"/> numbers its audit
/// entries. <paramref name="ValidationPollInterval"/>: how often a CA that validates by events is asked for the order's
/// state while a step waits, so a lost webhook is recovered (default <see cref="IssuancePipeline.DefaultPollInterval"/>).
/// </summary>
public sealed record IssueCertificateInput(
    string OrderId,
    int Attempt,
    string CaName,
    string ProductCode,
    IReadOnlyList<string> DnsNames,
    DcvMethod DcvMethod,
    string? ContactEmail,
    string CertificateName,
    KeyAlgorithm Key,
    int SequenceBase,
    string? Replaces = null,
    bool Renewal = false,
    TimeSpan? ValidationPollInterval = null,
    string? ApproverEmail = null,
    Domain.Organizations.SubjectDetails? Subject = null,
    string? OrganizationProfileId = null);

public sealed record OrderResult(string OrderId, string Status, IssuedCertificate? Certificate, string? Error);

/// <summary>The custom status shown in the Durable status API and the Azure portal.</summary>
public sealed record OrderProgress(string Status, string? SubStatus, string? CaReference, string? WaitingFor);

/// <summary>A CA callback as the pipeline receives it (same JSON as the webhook layer's CaEvent).</summary>
public sealed record ValidationEvent(string Type, string CaReference, string? Detail = null, DateTimeOffset? OccurredAt = null);

/// <summary>Raised by the HTTP layer after the CA accepted a new DCV method: what must now be in place.</summary>
public sealed record DcvMethodChanged(DcvMethod Method, IReadOnlyList<DcvChallenge> Challenges);
