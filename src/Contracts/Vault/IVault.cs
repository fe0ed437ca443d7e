namespace SslFlow.Contracts.Vault;

/// <summary>
/// Where key pairs live. Private keys never leave it: callers get CSRs and certificates, never keys.
/// Azure: Key Vault certificates (pending operation → CSR → merge). Local: an encrypted-at-rest folder.
/// </summary>
public interface IVault
{
    /// <summary>
    /// Makes a new key pair and CSR as a new pending version of <see cref="CsrRequest.CertificateName"/>.
    /// Re-runnable: when a pending version exists already, returns its CSR instead of making another key.
    /// </summary>
    Task<PendingCsr> CreateCsrAsync(CsrRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Merges an issued chain (leaf first, DER) into the pending version, which becomes current. Refuses a leaf
    /// whose public key is not the pending key. Re-runnable: merging the certificate that is current already is a no-op.
    /// </summary>
    Task<VaultCertificate> MergeAsync(string certificateName, IReadOnlyList<byte[]> chainDer, CancellationToken cancellationToken);

    /// <summary>The current (merged) certificate, or null when none was merged yet.</summary>
    Task<VaultCertificate?> GetCertificateAsync(string certificateName, CancellationToken cancellationToken);

    /// <summary>Drops a pending version (cancel, failed order). No-op when nothing is pending.</summary>
    Task CancelPendingAsync(string certificateName, CancellationToken cancellationToken);
}
