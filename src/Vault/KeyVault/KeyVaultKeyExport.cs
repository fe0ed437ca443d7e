using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Contracts.Vault;

namespace SslFlow.Vault.KeyVault;

/// <summary>
/// <see cref="IKeyExport"/> on Key Vault: only a certificate whose policy says exportable gives its key, read from the
/// secret of the same name and version (Key Vault keeps the chain and key there, PKCS#12 or PEM). Needs certificates/get
/// and secrets/get. A non-exportable certificate returns null: Key Vault would refuse the secret anyway (403), and the
/// caller is told why in the log rather than by a permission error.
/// </summary>
public sealed class KeyVaultKeyExport(CertificateClient certificates, SecretClient secrets, ILogger<KeyVaultKeyExport>? logger = null) : IKeyExport
{
    private const string Pkcs12ContentType = "application/x-pkcs12";
    private const string PemContentType = "application/x-pem-file";
    private readonly ILogger _logger = logger ?? NullLogger<KeyVaultKeyExport>.Instance;

    public static KeyVaultKeyExport Create(Uri vaultUri, TokenCredential? credential = null, ILogger<KeyVaultKeyExport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(vaultUri);
        credential ??= new DefaultAzureCredential();
        return new KeyVaultKeyExport(new CertificateClient(vaultUri, credential), new SecretClient(vaultUri, credential), logger);
    }

    /// <summary>The policy follows the request (<see cref="KeyVaultPolicies.For"/>): exportable only when asked for.</summary>
    public bool CanExport(CsrRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Exportable;
    }

    public async Task<ExportedKeyPair?> ExportAsync(string certificateName, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(certificateName);
        KeyVaultCertificateWithPolicy certificate;
        try
        {
            certificate = (await certificates.GetCertificateAsync(name, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        if (certificate.Cer is not { Length: > 0 })
        {
            return null;
        }

        if (certificate.Policy?.Exportable != true)
        {
            _logger.LogWarning("Key Vault: the key of {CertificateName} is not exportable; it cannot go to a file target", name);
            return null;
        }

        var secret = (await secrets.GetSecretAsync(name, certificate.Properties.Version, cancellationToken).ConfigureAwait(false)).Value;
        var pair = secret.Properties.ContentType switch
        {
            PemContentType => FromPem(secret.Value),
            Pkcs12ContentType or null => FromPkcs12(Convert.FromBase64String(secret.Value)),
            var other => throw new InvalidOperationException($"Key Vault secret '{name}' has content type '{other}', neither PKCS#12 nor PEM."),
        };

        if (!pair.ChainDer[0].AsSpan().SequenceEqual(certificate.Cer))
        {
            pair.Dispose();
            throw new InvalidOperationException($"Key Vault secret '{name}' version {certificate.Properties.Version} does not hold the certificate's leaf.");
        }

        _logger.LogInformation("Key Vault: exported the key of {CertificateName} version {Version} for installation", name, certificate.Properties.Version);
        return pair;
    }

    private static ExportedKeyPair FromPkcs12(byte[] pfx)
    {
        var collection = X509CertificateLoader.LoadPkcs12Collection(pfx, password: null, X509KeyStorageFlags.Exportable);
        try
        {
            var leaf = collection.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new InvalidOperationException("The PKCS#12 secret holds no private key.");
            byte[] pkcs8;
            using (AsymmetricAlgorithm key = (AsymmetricAlgorithm?)leaf.GetECDsaPrivateKey() ?? leaf.GetRSAPrivateKey()
                ?? throw new InvalidOperationException("The PKCS#12 key is neither EC nor RSA."))
            {
                pkcs8 = key.ExportPkcs8PrivateKey();
            }

            var chain = new List<byte[]> { leaf.RawData };
            chain.AddRange(collection.Where(c => !ReferenceEquals(c, leaf)).Select(c => c.RawData));
            return new ExportedKeyPair(chain, pkcs8);
        }
        finally
        {
            foreach (var c in collection)
            {
                c.Dispose();
            }
        }
    }

    private static ExportedKeyPair FromPem(string pem)
    {
        var chain = CertificatePem.ToChain(pem);
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("PRIVATE KEY"))
            {
                if (chain.Count == 0)
                {
                    break;
                }

                return new ExportedKeyPair(chain, Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            }

            rest = rest[fields.Location.End..];
        }

        throw new InvalidOperationException("The PEM secret holds no certificate or no PKCS#8 private key.");
    }
}
