using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;


namespace SslFlow.Vault.Local;

/// <summary>
/// The per-name pointer file. It is written last in every change, so it is the commit point: files of a version
/// it does not name (a crash before the pointer moved) are ignored.
/// </summary>
internal sealed record LocalVaultState(string? Current, string? Pending, KeyAlgorithm? PendingKey)
{
    public static LocalVaultState Empty { get; } = new(null, null, null);
}
