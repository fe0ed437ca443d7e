using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.Vault;

/// <summary>Compares public keys by value, so two encodings of the same key (e.g. explicit vs named curve) still match.</summary>
internal static class PublicKeys
{
    public static PublicKey FromCsr(byte[] csrDer) =>
        // The CSR came from the vault itself; only its key matters here, so the signature is not checked again.
        CertificateRequest.LoadSigningRequest(csrDer, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation).PublicKey;

    public static PublicKey FromKey(AsymmetricAlgorithm key) =>
        PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);

    public static bool Same(PublicKey a, PublicKey b)
    {
        if (a.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(b.ExportSubjectPublicKeyInfo()))
        {
            return true;
        }

        using (var ecA = a.GetECDsaPublicKey())
        using (var ecB = b.GetECDsaPublicKey())
        {
            if (ecA is not null || ecB is not null)
            {
                if (ecA is null || ecB is null)
                {
                    return false;
                }

                var pa = ecA.ExportParameters(false);
                var pb = ecB.ExportParameters(false);
                return ecA.KeySize == ecB.KeySize
                    && pa.Q.X.AsSpan().SequenceEqual(pb.Q.X) && pa.Q.Y.AsSpan().SequenceEqual(pb.Q.Y);
            }
        }

        using var rsaA = a.GetRSAPublicKey();
        using var rsaB = b.GetRSAPublicKey();
        if (rsaA is null || rsaB is null)
        {
            return false;
        }

        var ra = rsaA.ExportParameters(false);
        var rb = rsaB.ExportParameters(false);
        return ra.Modulus.AsSpan().SequenceEqual(rb.Modulus) && ra.Exponent.AsSpan().SequenceEqual(rb.Exponent);
    }
}
