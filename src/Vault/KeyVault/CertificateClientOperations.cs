using Azure;
using Azure.Security.KeyVault.Certificates;

namespace SslFlow.Vault.KeyVault;

/// <summary><see cref="ICertificateOperations"/> over the real <see cref="CertificateClient"/>.</summary>
public sealed class CertificateClientOperations(CertificateClient client) : ICertificateOperations
{
    public async Task<PendingCertificateOperation> StartCreateAsync(string certificateName, CertificatePolicy policy, CancellationToken cancellationToken)
    {
        var operation = await client.StartCreateCertificateAsync(certificateName, policy, enabled: null, tags: null, cancellationToken).ConfigureAwait(false);
        return From(certificateName, operation.Properties);
    }

    public async Task<PendingCertificateOperation?> GetOperationAsync(string certificateName, CancellationToken cancellationToken)
    {
        try
        {
            var operation = await client.GetCertificateOperationAsync(certificateName, cancellationToken).ConfigureAwait(false);
            return From(certificateName, operation.Properties);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task CancelAsync(string certificateName, CancellationToken cancellationToken)
    {
        // Cancel first (what the service expects for an in-flight issuer request), then delete so a new create is allowed.
        var operation = new CertificateOperation(client, certificateName);
        try
        {
            await operation.CancelAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return;
        }

        try
        {
            await operation.DeleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    private static PendingCertificateOperation From(string certificateName, CertificateOperationProperties? properties) =>
        new(certificateName, properties?.RequestId, properties?.Status, properties?.Csr);
}
