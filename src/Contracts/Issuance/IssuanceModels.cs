using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;


namespace SslFlow.Contracts.Issuance;

// Activity inputs and outputs: small positional records (they are journalled), never tuples or strings.

public sealed record RecordOrderInput(OrderRecord Order);

public sealed record RecordTransitionInput(string OrderId, OrderTransition Transition, OrderUpdate Update);

/// <summary><paramref name="Smime"/>: set for an S/MIME product (the mailbox and the validated subject), null for TLS.</summary>
public sealed record CreateCsrInput(string CertificateName, string CommonName, IReadOnlyList<string> DnsNames, KeyAlgorithm Key, Domain.Organizations.SmimeSubject? Smime = null);

public sealed record CsrOutput(string CertificateName, string Version, string CsrBase64);

public sealed record SubmitOrderInput(string CaName, CaOrderRequest Request);

public sealed record PublishChallengesInput(IReadOnlyList<DcvChallenge> Challenges);

public sealed record CaReferenceInput(string CaName, string CaReference);

/// <summary>Waits (by retry policy, not a loop) until the CA order reaches <paramref name="Until"/> or fails.</summary>
public sealed record CheckCaOrderInput(string CaName, string CaReference, CaOrderStatus Until);

public sealed record FinalizeInput(string CaName, string CaReference, string CsrBase64);

public sealed record DownloadAndMergeInput(string CaName, string CaReference, string CertificateName);

public sealed record IssuedCertificate(string CertificateName, string Version, string SerialNumber, string Thumbprint, DateTimeOffset NotBefore, DateTimeOffset NotAfter);
