using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;
namespace SslFlow.Domain.Intake;

/// <summary>
/// An order as it arrives over HTTP, unvalidated. TLS products use <see cref="Domains"/>; S/MIME products use
/// <see cref="Mailbox"/> (the address the certificate is for) and leave <see cref="Domains"/> empty.
/// <see cref="ApproverEmail"/> is needed with <c>dcvMethod: "email"</c>. <see cref="ExtraSans"/> is the number of SANs
/// bought beyond those a multi-domain product includes. <see cref="Csr"/> is refused whenever it is given (the vault
/// makes the key pair); it is read only to name the field in the refusal.
/// </summary>
public sealed record OrderRequest(
    string? ProductCode,
    IReadOnlyList<string?>? Domains,
    string? DcvMethod = null,
    string? ApproverEmail = null,
    string? ContactEmail = null,
    string? Csr = null,
    string? KeyAlgorithm = null,
    int ExtraSans = 0,
    string? Mailbox = null);
