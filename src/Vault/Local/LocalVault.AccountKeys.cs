using System.Security.Cryptography;
using SslFlow.Contracts.Vault;

namespace SslFlow.Vault.Local;

/// <summary>
/// Account keys (<see cref="IAccountKeyVault"/>) in the local vault's folder, encrypted by its master key like the
/// certificate keys, and used only inside this class:
/// <code>
///   {root}/.vault-id                           this vault's id, made once
///   {root}/.account-keys/{name}/{version}.key  encrypted PKCS#8 P-256 private key
/// </code>
/// A version file is written once under a fresh name and never replaced, so processes sharing the folder need no lock.
/// </summary>
public sealed partial class LocalVault
{
    private const string VaultIdFile = ".vault-id";
    private const string AccountKeysFolder = ".account-keys";
    private string? _vaultId;

    public string VaultId => _vaultId ??= LoadOrCreateVaultId();

    public async Task<AccountKeyVersion> CreateKeyAsync(string keyName, CancellationToken cancellationToken)
    {
        var folder = AccountKeyFolder(keyName);
        Directory.CreateDirectory(folder);
        var version = Guid.NewGuid().ToString("N");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            await AtomicFile.WriteAsync(Path.Combine(folder, version + ".key"), _cipher.Encrypt(pkcs8, AccountKeyContext(keyName, version)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        var p = key.ExportParameters(false);
        _logger.LogAccountKeyCreated(keyName, version);
        return new AccountKeyVersion(keyName, version, p.Q.X!, p.Q.Y!);
    }

    public async Task<AccountKeyVersion?> GetKeyAsync(string keyName, string version, CancellationToken cancellationToken)
    {
        using var key = await OpenAccountKeyAsync(keyName, version, cancellationToken).ConfigureAwait(false);
        if (key is null) return null;
        var p = key.ExportParameters(false);
        return new AccountKeyVersion(keyName, version, p.Q.X!, p.Q.Y!);
    }

    public async Task<byte[]> SignEs256Async(string keyName, string version, byte[] data, CancellationToken cancellationToken)
    {
        using var key = await OpenAccountKeyAsync(keyName, version, cancellationToken).ConfigureAwait(false)
                        ?? throw new KeyNotFoundException($"The local vault has no account key '{keyName}' version '{version}'.");
        return key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private async Task<ECDsa?> OpenAccountKeyAsync(string keyName, string version, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(version, "N", out _)) return null; // versions are ours; anything else is no path
        var path = Path.Combine(AccountKeyFolder(keyName), version + ".key");
        if (!File.Exists(path)) return null;
        var pkcs8 = _cipher.Decrypt(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), AccountKeyContext(keyName, version));
        try
        {
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private string AccountKeyFolder(string keyName) => Path.Combine(_root, AccountKeysFolder, VaultNames.Validate(keyName).ToLowerInvariant());

    private static string AccountKeyContext(string keyName, string version) => $"account-key/{keyName.ToLowerInvariant()}/{version}";

    private string LoadOrCreateVaultId()
    {
        var path = Path.Combine(_root, VaultIdFile);
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var temp = $"{path}.{Guid.NewGuid():N}{AtomicFile.TempSuffix}";
        File.WriteAllText(temp, "local:" + Guid.NewGuid().ToString("N"));
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException)
        {
            AtomicFile.TryDelete(temp); // another process made it first: its id is the vault's
        }

        return File.ReadAllText(path).Trim();
    }
}

internal static partial class LocalVaultLog
{
    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Local vault: made account key {KeyName} version {Version}")]
    public static partial void LogAccountKeyCreated(this Microsoft.Extensions.Logging.ILogger logger, string keyName, string version);
}
