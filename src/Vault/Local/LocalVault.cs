using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Contracts.Concurrency;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Vault.Local;

/// <summary>
/// The local default <see cref="IVault"/>: keys made in process, stored under <see cref="LocalVaultOptions.RootPath"/>
/// with private keys encrypted by the master key (AES-256-GCM). Layout per certificate name (folder in lower case,
/// names are case-insensitive like Key Vault's):
/// <code>
///   {root}/.master-key-check            proves the configured master key is the one this store was made with
///   {root}/{name}/state.json            {"current": version, "pending": version, "pendingKey": algorithm}
///   {root}/{name}/{version}.key         encrypted PKCS#8 private key
///   {root}/{name}/{version}.csr         CSR (DER)
///   {root}/{name}/{version}.chain.pem   merged chain, certificates only
/// </code>
/// Every file is written atomically and state.json last, so a crash never leaves a half-written key or a pointer to one.
/// Keys leave the store only through <see cref="IKeyExport"/> (file install targets): every local key is exportable.
/// Safe for concurrent use within one process (one lock per folder, shared by all instances); not meant to be shared by several processes.
/// </summary>
public sealed partial class LocalVault : IVault, IKeyExport, IAccountKeyVault
{
    private const string StateFile = "state.json";
    private const string CheckFile = ".master-key-check";
    private const string CheckContext = "master-key-check";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    private readonly string _root;
    private readonly MasterKeyCipher _cipher;
    private readonly ILogger<LocalVault> _logger;
    // Static and keyed by folder: two LocalVault instances over the same root in one process still serialize per name.
    private static readonly KeyedLock Locks = new();

    /// <summary>Opens (or creates) the store. Throws <see cref="CryptographicException"/> when the master key is not the store's.</summary>
    public LocalVault(LocalVaultOptions options, ILogger<LocalVault>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootPath, nameof(options.RootPath));
        _root = Path.GetFullPath(options.RootPath);
        _logger = logger ?? NullLogger<LocalVault>.Instance;
        _cipher = new MasterKeyCipher(LocalVaultMasterKey.Decode(options.MasterKey));

        Directory.CreateDirectory(_root);
        VerifyMasterKey();
    }

    public async Task<PendingCsr> CreateCsrAsync(CsrRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = VaultNames.Validate(request.CertificateName);
        var folder = Folder(name);

        using var _ = await LockAsync(name, cancellationToken).ConfigureAwait(false);
        AtomicFile.DeleteStrayTempFiles(folder);
        var state = await ReadStateAsync(folder, cancellationToken).ConfigureAwait(false);

        if (state.Pending is { } pendingVersion)
        {
            // Re-run (activity retried, host crashed after the CSR was made): same CSR, no new key.
            var existing = await File.ReadAllBytesAsync(Path.Combine(folder, pendingVersion + ".csr"), cancellationToken).ConfigureAwait(false);
            return new PendingCsr(name, pendingVersion, existing);
        }

        Directory.CreateDirectory(folder);
        var version = Guid.NewGuid().ToString("N");
        byte[] csr;
        using (var key = CsrFactory.CreateKey(request.Key))
        {
            csr = CsrFactory.CreateCsr(key, request);
            var pkcs8 = key.ExportPkcs8PrivateKey();
            try
            {
                var sealedKey = _cipher.Encrypt(pkcs8, KeyContext(name, version));
                await AtomicFile.WriteAsync(Path.Combine(folder, version + ".key"), sealedKey, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }

        await AtomicFile.WriteAsync(Path.Combine(folder, version + ".csr"), csr, cancellationToken).ConfigureAwait(false);
        await WriteStateAsync(folder, state with { Pending = version, PendingKey = request.Key }, cancellationToken).ConfigureAwait(false);

        _logger.LogInformation("Local vault: new {KeyAlgorithm} key and CSR for {CertificateName} version {Version}", request.Key, name, version);
        return new PendingCsr(name, version, csr);
    }

    public async Task<VaultCertificate> MergeAsync(string certificateName, IReadOnlyList<byte[]> chainDer, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(certificateName);
        var folder = Folder(name);
        using var leaf = VaultCertificates.LoadLeaf(chainDer);
        VaultCertificates.ValidateChain(chainDer);

        using var _ = await LockAsync(name, cancellationToken).ConfigureAwait(false);
        AtomicFile.DeleteStrayTempFiles(folder);
        var state = await ReadStateAsync(folder, cancellationToken).ConfigureAwait(false);

        if (state.Current is { } currentVersion)
        {
            var current = await ReadChainAsync(folder, currentVersion, cancellationToken).ConfigureAwait(false);
            if (current.Count > 0 && current[0].AsSpan().SequenceEqual(chainDer[0]))
            {
                // Re-run after a successful merge: nothing to do.
                return VaultCertificates.Create(name, currentVersion, current);
            }
        }

        if (state.Pending is not { } pendingVersion || state.PendingKey is not { } algorithm)
        {
            throw new InvalidOperationException($"Nothing is pending for '{name}'; make a CSR before merging.");
        }

        // The decrypted key, not just the stored CSR, is compared: this also proves the key file is intact and readable.
        using (var key = await OpenKeyAsync(name, pendingVersion, algorithm, cancellationToken).ConfigureAwait(false))
        {
            if (!PublicKeys.Same(PublicKeys.FromKey(key), leaf.PublicKey))
            {
                throw new VaultKeyMismatchException(name);
            }
        }

        await AtomicFile.WriteAsync(
            Path.Combine(folder, pendingVersion + ".chain.pem"),
            Encoding.ASCII.GetBytes(CertificatePem.FromChain(chainDer)),
            cancellationToken).ConfigureAwait(false);
        await WriteStateAsync(folder, new LocalVaultState(pendingVersion, null, null), cancellationToken).ConfigureAwait(false);

        var merged = VaultCertificates.Create(name, pendingVersion, chainDer);
        _logger.LogInformation("Local vault: merged {CertificateName} version {Version}, serial {SerialNumber}", name, pendingVersion, merged.SerialNumber);
        return merged;
    }

    public async Task<VaultCertificate?> GetCertificateAsync(string certificateName, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(certificateName);
        var folder = Folder(name);

        // No lock: a merged chain file never changes and state.json is swapped atomically.
        var state = await ReadStateAsync(folder, cancellationToken).ConfigureAwait(false);
        if (state.Current is not { } version)
        {
            return null;
        }

        var chain = await ReadChainAsync(folder, version, cancellationToken).ConfigureAwait(false);
        return VaultCertificates.Create(name, version, chain);
    }

    public async Task CancelPendingAsync(string certificateName, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(certificateName);
        var folder = Folder(name);

        using var _ = await LockAsync(name, cancellationToken).ConfigureAwait(false);
        AtomicFile.DeleteStrayTempFiles(folder);
        var state = await ReadStateAsync(folder, cancellationToken).ConfigureAwait(false);
        if (state.Pending is not { } pendingVersion)
        {
            return;
        }

        await WriteStateAsync(folder, state with { Pending = null, PendingKey = null }, cancellationToken).ConfigureAwait(false);

        // After the pointer moved, the dropped key is garbage: remove it.
        AtomicFile.TryDelete(Path.Combine(folder, pendingVersion + ".key"));
        AtomicFile.TryDelete(Path.Combine(folder, pendingVersion + ".csr"));
        _logger.LogInformation("Local vault: dropped pending version {Version} of {CertificateName}", pendingVersion, name);
    }

    /// <summary>The current chain as PEM (certificates only, never the key) for the host to install or hand out; null when nothing is merged.</summary>
    public async Task<string?> ExportChainPemAsync(string certificateName, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(certificateName);
        var folder = Folder(name);
        var state = await ReadStateAsync(folder, cancellationToken).ConfigureAwait(false);
        return state.Current is { } version
            ? await File.ReadAllTextAsync(Path.Combine(folder, version + ".chain.pem"), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Local keys are ours: always exportable, whatever the request says.</summary>
    public bool CanExport(CsrRequest request) => true;

    public async Task<ExportedKeyPair?> ExportAsync(string certificateName, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(certificateName);
        var folder = Folder(name);

        // Under the lock: a merge moving "current" on must not pair one version's chain with another's key.
        using var _ = await LockAsync(name, cancellationToken).ConfigureAwait(false);
        var state = await ReadStateAsync(folder, cancellationToken).ConfigureAwait(false);
        if (state.Current is not { } version)
        {
            return null;
        }

        var chain = await ReadChainAsync(folder, version, cancellationToken).ConfigureAwait(false);
        var blob = await File.ReadAllBytesAsync(Path.Combine(folder, version + ".key"), cancellationToken).ConfigureAwait(false);
        var pkcs8 = _cipher.Decrypt(blob, KeyContext(name, version));
        _logger.LogInformation("Local vault: exported the key of {CertificateName} version {Version} for installation", name, version);
        return new ExportedKeyPair(chain, pkcs8);
    }

    /// <summary>Decrypts a version's key. Internal: the port never hands keys out; tests use it to check what is on disk.</summary>
    internal async Task<AsymmetricAlgorithm> OpenKeyAsync(string certificateName, string version, KeyAlgorithm algorithm, CancellationToken cancellationToken)
    {
        var blob = await File.ReadAllBytesAsync(Path.Combine(Folder(certificateName), version + ".key"), cancellationToken).ConfigureAwait(false);
        var pkcs8 = _cipher.Decrypt(blob, KeyContext(certificateName, version));
        try
        {
            return CsrFactory.ImportKey(algorithm, pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private void VerifyMasterKey()
    {
        var path = Path.Combine(_root, CheckFile);
        if (!File.Exists(path))
        {
            // First open: remember which key this store belongs to.
            AtomicFile.WriteAsync(path, _cipher.Encrypt("sslflow"u8, CheckContext), CancellationToken.None).GetAwaiter().GetResult();
            return;
        }

        try
        {
            _cipher.Decrypt(File.ReadAllBytes(path), CheckContext);
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException($"The configured master key does not open the local vault at '{_root}'.", e);
        }
    }

    private string Folder(string name) => Path.Combine(_root, name.ToLowerInvariant());

    private static string KeyContext(string name, string version) => $"{name.ToLowerInvariant()}/{version}";

    private ValueTask<KeyedLock.Releaser> LockAsync(string name, CancellationToken cancellationToken) =>
        Locks.AcquireAsync(Folder(name), cancellationToken);

    private static async Task<LocalVaultState> ReadStateAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, StateFile);
        if (!File.Exists(path))
        {
            return LocalVaultState.Empty;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<LocalVaultState>(stream, Json, cancellationToken).ConfigureAwait(false)
            ?? LocalVaultState.Empty;
    }

    private static Task WriteStateAsync(string folder, LocalVaultState state, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(Path.Combine(folder, StateFile), JsonSerializer.SerializeToUtf8Bytes(state, Json), cancellationToken);

    private static async Task<IReadOnlyList<byte[]>> ReadChainAsync(string folder, string version, CancellationToken cancellationToken)
    {
        var pem = await File.ReadAllTextAsync(Path.Combine(folder, version + ".chain.pem"), cancellationToken).ConfigureAwait(false);
        return CertificatePem.ToChain(pem);
    }
}
