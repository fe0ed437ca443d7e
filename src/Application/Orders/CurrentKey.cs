using System.Security.Cryptography.X509Certificates;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Application.Orders;

/// <summary>
/// The key algorithm of an order's current certificate, read from its leaf in the vault: a reissue that names no key keeps
/// the one the customer chose at the order (the order record does not keep it; the certificate is the truth).
/// </summary>
public static class CurrentKey
{
    public static async Task<KeyAlgorithm?> OfAsync(IVault vault, string? certificateName, CancellationToken cancellationToken)
    {
        if (certificateName is null || await vault.GetCertificateAsync(certificateName, cancellationToken) is not { ChainDer.Count: > 0 } current) return null;
        using var leaf = X509CertificateLoader.LoadCertificate(current.ChainDer[0]);
        return Of(leaf);
    }

    public static KeyAlgorithm? Of(X509Certificate2 leaf)
    {
        using (var ec = leaf.GetECDsaPublicKey())
        {
            if (ec is not null) return ec.KeySize switch { 256 => KeyAlgorithm.EcP256, 384 => KeyAlgorithm.EcP384, _ => null };
        }
        using var rsa = leaf.GetRSAPublicKey();
        return rsa?.KeySize switch { 2048 => KeyAlgorithm.Rsa2048, 3072 => KeyAlgorithm.Rsa3072, 4096 => KeyAlgorithm.Rsa4096, _ => null };
    }
}
