using SslFlow.Contracts.Caas;


namespace SslFlow.Adapters.Caas;

/// <summary>
/// The credential store of a host that does not sell CaaS (no encryption key configured): the CaaS activities still
/// resolve, and a call fails with a message that says what to configure instead of a DI error.
/// </summary>
public sealed class UnconfiguredCredentialStore : ICredentialStore
{
    private static NotSupportedException Missing() => new($"CaaS is not configured on this host: set {CaasCredentialOptions.Section}:EncryptionKey.");

    public Task<bool> SaveAsync(string orderId, string caReference, EabCredential credential, DateTimeOffset orderedAt, CancellationToken cancellationToken) => throw Missing();

    public Task<CredentialRead> ReadAsync(string orderId, string reader, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialRead(CredentialReadOutcome.NotFound, null, null, null, null));

    public Task<bool> DestroyAsync(string orderId, string reason, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<int> DestroyExpiredAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<IReadOnlyList<CredentialAccess>> GetReadsAsync(string orderId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CredentialAccess>>([]);
}
