namespace SslFlow.AcmeClient;

/// <summary>
/// The account key as the client needs it: its public JWK and an ES256 signer. The private key may live elsewhere
/// (Key Vault signs without exporting it), so signing is asynchronous. <see cref="AccountKey"/> is the in-process one.
/// </summary>
public interface IJwsSigner
{
    /// <summary>JWS <c>alg</c>: ES256.</summary>
    string Algorithm { get; }

    /// <summary>The public JWK with members in lexicographic order (RFC 7638), as the thumbprint needs.</summary>
    string JwkJson { get; }

    /// <summary>JWS signature of <paramref name="signingInput"/>: for ES256 the raw r||s (64 bytes, RFC 7518 §3.4), not DER.</summary>
    Task<byte[]> SignAsync(byte[] signingInput, CancellationToken cancellationToken);
}

/// <summary>JWK helpers shared by every signer.</summary>
public static class Jwk
{
    /// <summary>The P-256 public JWK from its coordinates, members ordered as RFC 7638 asks.</summary>
    public static string EcP256(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) =>
        $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url.Encode(x)}\",\"y\":\"{Base64Url.Encode(y)}\"}}";

    /// <summary>RFC 7638 thumbprint (base64url SHA-256 of the ordered JWK).</summary>
    public static string Thumbprint(string jwkJson) =>
        Base64Url.Encode(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(jwkJson)));
}
