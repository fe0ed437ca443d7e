using System.Security.Cryptography.X509Certificates;
using SslFlow.Contracts.Vault;

namespace SslFlow.Vault;

/// <summary>Builds the port's record from DER, so both vaults report serial/thumbprint/dates the same way.</summary>
internal static class VaultCertificates
{
    public static X509Certificate2 LoadLeaf(IReadOnlyList<byte[]> chainDer)
    {
        ArgumentNullException.ThrowIfNull(chainDer);
        if (chainDer.Count == 0 || chainDer[0] is not { Length: > 0 })
        {
            throw new ArgumentException("The chain is empty; the leaf comes first.", nameof(chainDer));
        }

        return X509CertificateLoader.LoadCertificate(chainDer[0]);
    }

    /// <summary>Parses every element so a broken intermediate is refused before anything is stored.</summary>
    public static void ValidateChain(IReadOnlyList<byte[]> chainDer)
    {
        foreach (var der in chainDer)
        {
            using var _ = X509CertificateLoader.LoadCertificate(der);
        }
    }

    public static VaultCertificate Create(string certificateName, string version, IReadOnlyList<byte[]> chainDer)
    {
        using var leaf = LoadLeaf(chainDer);
        return new VaultCertificate(
            certificateName,
            version,
            leaf.SerialNumber,
            leaf.Thumbprint,
            new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            chainDer.Select(der => der.ToArray()).ToArray());
    }
}
