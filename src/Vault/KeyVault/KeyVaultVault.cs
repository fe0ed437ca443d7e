using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Vault.KeyVault;

/// <summary>
/// <see cref="IVault"/> on Azure Key Vault certificates: the key pair and CSR are made by the vault (issuer "Unknown"),
/// the issued chain is merged back. Pending version id = the operation's request id (Key Vault assigns the real
/// version on merge). While a new version is pending, Key Vault keeps the previous version current.
/// </summary>
public sealed class KeyVaultVault : IVault
{
    private readonly CertificateClient _client;
    private readonly ICertificateOperations _operations;
    private readonly KeyVaultBackoff _backoff;
    private readonly ILogger<KeyVaultVault> _logger;

    public KeyVaultVault(CertificateClient client, TimeProvider? timeProvider = null, ILogger<KeyVaultVault>? logger = null)
        : this(client, new CertificateClientOperations(client), timeProvider, logger)
    {
    }

    public KeyVaultVault(CertificateClient client, ICertificateOperations operations, TimeProvider? timeProvider = null, ILogger<KeyVaultVault>? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _operations = operations ?? throw new ArgumentNullException(nameof(operations));
        _logger = logger ?? NullLogger<KeyVaultVault>.Instance;
        _backoff = new KeyVaultBackoff(timeProvider ?? TimeProvider.System, _logger);
    }

    /// <summary>
    /// A vault for <paramref name="vaultUri"/> (e.g. https://myvault.vault.azure.net/), authenticated with
    /// <paramref name="credential"/> or, when null, <see cref="DefaultAzureCredential"/> (managed identity in Azure).
    /// </summary>
    public static KeyVaultVault Create(Uri vaultUri, TokenCredential? credential = null, CertificateClientOptions? clientOptions = null, TimeProvider? timeProvider = null, ILogger<KeyVaultVault>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(vaultUri);
        var client = new CertificateClient(vaultUri, credential ?? new DefaultAzureCredential(), clientOptions ?? new CertificateClientOptions());
        return new KeyVaultVault(client, timeProvider, logger);
    }

    public async Task<PendingCsr> CreateCsrAsync(CsrRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = VaultNames.Validate(request.CertificateName);
        var policy = KeyVaultPolicies.For(request);

        PendingCertificateOperation operation;
        try
        {
            operation = await _backoff.RunAsync("create", name, ct => _operations.StartCreateAsync(name, policy, ct), cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Key Vault: started {KeyAlgorithm} key and CSR for {CertificateName}", request.Key, name);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A pending operation exists (activity re-run, lost response): its CSR is the answer, no new key.
            // A 409 for another reason (e.g. the name is soft-deleted) has no pending operation and is rethrown.
            if (await GetPendingAsync(name, cancellationToken).ConfigureAwait(false) is not { } pending)
            {
                throw;
            }

            operation = pending;
            _logger.LogInformation("Key Vault: {CertificateName} has a pending operation; returning its CSR", name);
        }

        if (operation.Csr is not { Length: > 0 } csr)
        {
            throw new InvalidOperationException($"Key Vault returned no CSR for '{name}'.");
        }

        return new PendingCsr(name, operation.RequestId ?? "pending", csr);
    }

    public async Task<VaultCertificate> MergeAsync(string certificateName, IReadOnlyList<byte[]> chainDer, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(certificateName);
        using var leaf = VaultCertificates.LoadLeaf(chainDer);
        VaultCertificates.ValidateChain(chainDer);

        var current = await GetCurrentAsync(name, cancellationToken).ConfigureAwait(false);
        if (current?.Cer is { } cer && cer.AsSpan().SequenceEqual(chainDer[0]))
        {
            // Re-run after a successful merge: nothing to do.
            return VaultCertificates.Create(name, current.Properties.Version, chainDer);
        }

        var pending = await GetPendingAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Nothing is pending for '{name}'; make a CSR before merging.");

        // Checked here as well as by the service so the caller gets a clear, non-transient error and no call is wasted.
        if (pending.Csr is not { Length: > 0 } csr || !PublicKeys.Same(PublicKeys.FromCsr(csr), leaf.PublicKey))
        {
            throw new VaultKeyMismatchException(name);
        }

        var merged = await _backoff.RunAsync(
            "merge",
            name,
            ct => _client.MergeCertificateAsync(new MergeCertificateOptions(name, chainDer), ct),
            cancellationToken).ConfigureAwait(false);

        var result = VaultCertificates.Create(name, merged.Value.Properties.Version, chainDer);
        _logger.LogInformation("Key Vault: merged {CertificateName} version {Version}, serial {SerialNumber}", name, result.Version, result.SerialNumber);
        return result;
    }

    /// <remarks>
    /// Key Vault keeps only the leaf as the certificate (the chain is inside the secret, which also holds the key), so
    /// <see cref="VaultCertificate.ChainDer"/> here is the leaf alone.
    /// </remarks>
    public async Task<VaultCertificate?> GetCertificateAsync(string certificateName, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(certificateName);
        var current = await GetCurrentAsync(name, cancellationToken).ConfigureAwait(false);
        return current?.Cer is { Length: > 0 } cer ? VaultCertificates.Create(name, current.Properties.Version, [cer]) : null;
    }

    public async Task CancelPendingAsync(string certificateName, CancellationToken cancellationToken)
    {
        var name = VaultNames.Validate(certificateName);
        if (await GetPendingAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        await _backoff.RunAsync("cancel", name, ct => _operations.CancelAsync(name, ct), cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Key Vault: cancelled the pending operation of {CertificateName}", name);
    }

    private async Task<PendingCertificateOperation?> GetPendingAsync(string name, CancellationToken cancellationToken)
    {
        // Key Vault still returns a finished operation (completed, cancelled, failed) from /pending: only in-progress counts.
        var operation = await _backoff.RunAsync("get-operation", name, ct => _operations.GetOperationAsync(name, ct), cancellationToken).ConfigureAwait(false);
        return operation is { IsPending: true } ? operation : null;
    }

    private async Task<KeyVaultCertificateWithPolicy?> GetCurrentAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _backoff.RunAsync("get", name, ct => _client.GetCertificateAsync(name, ct), cancellationToken).ConfigureAwait(false);
            // A certificate that was created but never merged has no CER yet: nothing is current.
            return response.Value is { Cer.Length: > 0 } certificate ? certificate : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
