namespace SslFlow.Contracts.Vault;

/// <summary>
/// Signing keys that stay in the vault: the ACME account keys (EC P-256, ES256). The vault makes them and signs with
/// them; the private key is never exported. Key Vault: keys used through its sign operation. Local: encrypted files in
/// the local vault's folder. Every host on one vault sees the same keys, so every instance speaks for one ACME account.
/// </summary>
public interface IAccountKeyVault
{
    /// <summary>
    /// Names this vault (Key Vault: its URI; local: an id made once in its folder), so a record of which key version an
    /// account uses is read only against the vault that holds that key.
    /// </summary>
    string VaultId { get; }

    /// <summary>
    /// Makes a new EC P-256 key version under <paramref name="keyName"/> (a first key, or a rollover's next one). As in
    /// Key Vault, a second call makes a second version: callers record the version they use and make keys only when
    /// they have none recorded.
    /// </summary>
    Task<AccountKeyVersion> CreateKeyAsync(string keyName, CancellationToken cancellationToken);

    /// <summary>The public half of one version; null when the vault has no such version.</summary>
    Task<AccountKeyVersion?> GetKeyAsync(string keyName, string version, CancellationToken cancellationToken);

    /// <summary>ES256 over <paramref name="data"/> (SHA-256, then ECDSA) in the JWS form: raw r||s, 64 bytes.</summary>
    Task<byte[]> SignEs256Async(string keyName, string version, byte[] data, CancellationToken cancellationToken);
}

/// <summary>One version of a vault account key: its P-256 public point (32-byte big-endian coordinates).</summary>
public sealed record AccountKeyVersion(string Name, string Version, byte[] X, byte[] Y);
