namespace SslFlow.Vault;

/// <summary>
/// The leaf offered for merge was issued for another key than the pending one. Not transient: retrying the
/// same chain can never succeed, so callers should fail the step (and usually re-order) instead of retrying.
/// Derives from <see cref="InvalidOperationException"/> so code that cannot reference this assembly can still catch it.
/// </summary>
public sealed class VaultKeyMismatchException : InvalidOperationException
{
    public VaultKeyMismatchException(string certificateName)
        : base($"The certificate offered for '{certificateName}' was not issued for its pending key; nothing was merged.")
    {
        CertificateName = certificateName;
    }

    public string CertificateName { get; }
}
