using SslFlow.Activities.Issuance;
using SslFlow.Activities.Ports;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>What an order orchestration starts with: the validated, normalised order.</summary>
public sealed record OrderInput(
    string OrderId,
    string ProductCode,
    IReadOnlyList<string> DnsNames,
    DcvMethod DcvMethod,
    string? ContactEmail,
    string CaName,
    KeyAlgorithm Key = KeyAlgorithm.EcP256,
    string? Customer = null);

/// <summary>One run of the issuance pipeline: a new order, a renewal or a reissue. <paramref name="SequenceBase"/> numbers its audit entries.</summary>
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
    bool Renewal = false);

public sealed record OrderResult(string OrderId, string Status, IssuedCertificate? Certificate, string? Error);

/// <summary>The custom status shown in the Durable status API and the Azure portal.</summary>
public sealed record OrderProgress(string Status, string? SubStatus, string? CaReference, string? WaitingFor);
