namespace SslFlow.Adapters.Acme;

/// <summary>One ACME CA: directory, External Account Binding, profile and chain. Its account key is in the vault (<see cref="AcmeAccountStore"/>).</summary>
public sealed class AcmeOptions
{
    public string Name { get; set; } = "acme";

    public Uri DirectoryUrl { get; set; } = new("https://127.0.0.1:14000/dir");

    public string? EabKeyId { get; set; }

    /// <summary>Base64url HMAC key (secret).</summary>
    public string? EabHmacKey { get; set; }

    /// <summary>MAC algorithm of the EAB key: HS256, HS384 or HS512 (as the CA issued it).</summary>
    public string EabAlgorithm { get; set; } = "HS256";

    /// <summary>ACME profile to ask for (e.g. "shortlived"), when the CA's directory offers it.</summary>
    public string? Profile { get; set; }

    public string AccountEmail { get; set; } = "certificates@sslflow.test";

    /// <summary>PEM of a CA endpoint TLS certificate to trust besides the system store (Pebble's is self-signed).</summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>Preferred chain: the top issuer's name to pick among alternate chains.</summary>
    public string? PreferredChain { get; set; }
}
