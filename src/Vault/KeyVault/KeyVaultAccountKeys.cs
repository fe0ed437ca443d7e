using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Keys;
using Azure.Security.KeyVault.Keys.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Contracts.Vault;

namespace SslFlow.Vault.KeyVault;

/// <summary>
/// ACME account keys as Key Vault keys (EC P-256, operations sign/verify, not exportable): made with create key, used
/// with the sign operation (the SDK hashes with SHA-256 locally and sends the digest), never read back. Key Vault's
/// ES256 signature is already the JWS form (raw r||s, 64 bytes, as RFC 7518 §3.4), so it goes into the JWS as it comes.
/// Needs the "Key Vault Crypto User" role (keys/create, keys/get, keys/sign).
/// </summary>
public sealed class KeyVaultAccountKeys : IAccountKeyVault
{
    private readonly KeyClient _client;
    private readonly KeyVaultBackoff _backoff;
    private readonly ILogger _logger;
    // One CryptographyClient per key version, built once: a new client first tries to fetch the key (to run what it can
    // locally) before its first operation, so one per signature would double the vault requests of every JWS.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, string Version), CryptographyClient> _signers = new();

    public KeyVaultAccountKeys(KeyClient client, TimeProvider? timeProvider = null, ILogger<KeyVaultAccountKeys>? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _logger = logger ?? NullLogger<KeyVaultAccountKeys>.Instance;
        _backoff = new KeyVaultBackoff(timeProvider ?? TimeProvider.System, _logger);
    }

    public static KeyVaultAccountKeys Create(Uri vaultUri, TokenCredential? credential = null, KeyClientOptions? options = null, TimeProvider? timeProvider = null,
        ILogger<KeyVaultAccountKeys>? logger = null) =>
        new(new KeyClient(vaultUri, credential ?? new DefaultAzureCredential(), options ?? new KeyClientOptions()), timeProvider, logger);

    public string VaultId => _client.VaultUri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    public async Task<AccountKeyVersion> CreateKeyAsync(string keyName, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(keyName);
        var options = new CreateEcKeyOptions(name, hardwareProtected: false)
        {
            CurveName = KeyCurveName.P256,
            Exportable = false,
            KeyOperations = { KeyOperation.Sign, KeyOperation.Verify },
        };
        var key = await _backoff.RunAsync("create-key", name, ct => _client.CreateEcKeyAsync(options, ct), cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Key Vault: made account key {KeyName} version {Version}", name, key.Value.Properties.Version);
        return ToVersion(key.Value);
    }

    public async Task<AccountKeyVersion?> GetKeyAsync(string keyName, string version, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(keyName);
        try
        {
            var key = await _backoff.RunAsync("get-key", name, ct => _client.GetKeyAsync(name, version, ct), cancellationToken).ConfigureAwait(false);
            return ToVersion(key.Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<byte[]> SignEs256Async(string keyName, string version, byte[] data, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(keyName);
        var crypto = _signers.GetOrAdd((name, version), key => _client.GetCryptographyClient(key.Name, key.Version));
        var result = await _backoff.RunAsync("sign", name, ct => crypto.SignDataAsync(SignatureAlgorithm.ES256, data, ct), cancellationToken).ConfigureAwait(false);
        // Raw r||s: 32 bytes each for P-256. Anything else would make every JWS fail at the CA, so say so here.
        return result.Signature is { Length: 64 } signature
            ? signature
            : throw new InvalidDataException($"Key Vault returned a {result.Signature?.Length ?? 0}-byte ES256 signature; the JWS form is 64 bytes.");
    }

    private static AccountKeyVersion ToVersion(KeyVaultKey key) =>
        key.Key.CurveName == KeyCurveName.P256 && key.Key.X is { Length: 32 } x && key.Key.Y is { Length: 32 } y
            ? new AccountKeyVersion(key.Name, key.Properties.Version, x, y)
            : throw new InvalidDataException($"Key Vault key '{key.Name}' is not an EC P-256 key.");
}
