using System.Security.Cryptography;

namespace SslFlow.AcmeClient;

/// <summary>
/// An ACME account key (ES256, P-256). Signs JWS; its JWK and RFC 7638 thumbprint identify the account.
/// Persist it with <see cref="ExportPkcs8"/> in a vault; it is never logged.
/// </summary>
public sealed class AccountKey : IJwsSigner, IDisposable
{
    private readonly ECDsa _key;

    private AccountKey(ECDsa key)
    {
        _key = key;
        var p = key.ExportParameters(false);
        X = Base64Url.Encode(p.Q.X);
        Y = Base64Url.Encode(p.Q.Y);
    }

    public string X { get; }
    public string Y { get; }

    public static AccountKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static AccountKey ImportPkcs8(byte[] pkcs8)
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return new AccountKey(key);
    }

    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    public string Algorithm => "ES256";

    /// <summary>The public JWK with members in lexicographic order, as RFC 7638 needs for the thumbprint.</summary>
    public string JwkJson => $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{X}\",\"y\":\"{Y}\"}}";

    public string Thumbprint => Jwk.Thumbprint(JwkJson);

    /// <summary>JWS ES256 signature: raw r||s (IEEE P1363), not DER.</summary>
    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public Task<byte[]> SignAsync(byte[] signingInput, CancellationToken cancellationToken) => Task.FromResult(Sign(signingInput));

    public void Dispose() => _key.Dispose();
}
