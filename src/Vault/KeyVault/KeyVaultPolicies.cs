using Azure.Security.KeyVault.Certificates;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Vault.KeyVault;

/// <summary>The Key Vault policy for an externally issued certificate: the vault makes the key and CSR, the CA is ours.</summary>
public static class KeyVaultPolicies
{
    public static CertificatePolicy For(CsrRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sans = new SubjectAlternativeNames();
        foreach (var name in CsrFactory.SubjectAlternativeNames(request))
        {
            sans.DnsNames.Add(name);
        }

        // S/MIME: the mailbox as rfc822Name; the same names the local vault's CSR carries.
        foreach (var address in CsrFactory.EmailAddresses(request))
        {
            sans.Emails.Add(address);
        }

        // Issuer "Unknown": Key Vault makes the key and the CSR and waits for a merge (no CA integration of its own).
        // The subject as an X.500 string (G=, SN=, E= for the S/MIME attributes: the names Key Vault's parser knows).
        var policy = new CertificatePolicy(WellKnownIssuerNames.Unknown, CsrFactory.Subject(request).Name, sans)
        {
            Exportable = request.Exportable,
            ReuseKey = false,
            ContentType = CertificateContentType.Pkcs12,
        };

        // S/MIME: ask for email protection in the CSR (the CA sets the final EKU and key usage, but Key Vault's own default
        // for a policy is TLS server/client authentication, which an S/MIME CA may refuse or copy).
        if (request.Smime is not null)
        {
            policy.EnhancedKeyUsage.Add("1.3.6.1.5.5.7.3.4");
            policy.KeyUsage.Add(CertificateKeyUsage.DigitalSignature);
            if (request.Key is KeyAlgorithm.Rsa2048 or KeyAlgorithm.Rsa3072 or KeyAlgorithm.Rsa4096) policy.KeyUsage.Add(CertificateKeyUsage.KeyEncipherment);
        }

        switch (request.Key)
        {
            case KeyAlgorithm.EcP256:
                policy.KeyType = CertificateKeyType.Ec;
                policy.KeyCurveName = CertificateKeyCurveName.P256;
                break;
            case KeyAlgorithm.EcP384:
                policy.KeyType = CertificateKeyType.Ec;
                policy.KeyCurveName = CertificateKeyCurveName.P384;
                break;
            case KeyAlgorithm.Rsa2048:
            case KeyAlgorithm.Rsa3072:
            case KeyAlgorithm.Rsa4096:
                policy.KeyType = CertificateKeyType.Rsa;
                policy.KeySize = request.Key switch { KeyAlgorithm.Rsa2048 => 2048, KeyAlgorithm.Rsa3072 => 3072, _ => 4096 };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Key, "Unknown key algorithm.");
        }

        return policy;
    }
}
