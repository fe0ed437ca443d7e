using Azure.Security.KeyVault.Certificates;

namespace SslFlow.Vault.KeyVault;

/// <summary>
/// The certificate-operation calls of <see cref="CertificateClient"/>, as plain records. <see cref="CertificateOperation"/>
/// cannot be built with the SDK's model factory (its Properties come from an internal constructor), so this seam keeps
/// <see cref="KeyVaultVault"/> testable. Errors surface as <see cref="Azure.RequestFailedException"/> like the SDK's.
/// </summary>
public interface ICertificateOperations
{
    /// <summary>Starts creating a new version (new key pair and CSR). Key Vault answers 409 when an operation is pending already.</summary>
    Task<PendingCertificateOperation> StartCreateAsync(string certificateName, CertificatePolicy policy, CancellationToken cancellationToken);

    /// <summary>The certificate's operation, or null when it has none (404).</summary>
    Task<PendingCertificateOperation?> GetOperationAsync(string certificateName, CancellationToken cancellationToken);

    /// <summary>Cancels and deletes the pending operation; no-op when there is none.</summary>
    Task CancelAsync(string certificateName, CancellationToken cancellationToken);
}
