using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace SslFlow.Adapters.Acme;

/// <summary>
/// The ACME accounts (table <c>AcmeAccounts</c>): one row per (directory URL, EAB key id) and vault, naming the vault
/// key version that speaks for the account, the account URL (the JWS <c>kid</c>) and the directory's metadata. Every
/// host and instance reads the same row, so all of them use one account. The first row is written by a conditional
/// insert: of two hosts starting at once one insert wins (409 for the other, which re-reads and uses the winner's key).
/// </summary>
public sealed class AcmeAccountStore(TableServiceClient service)
{
    public const string TableName = "AcmeAccounts";
    private readonly TableClient _table = service.GetTableClient(TableName);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<AcmeAccountRecord?> GetAsync(Uri directory, string? eabKeyId, string vaultId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(directory, eabKeyId), RowKey(vaultId), cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>Inserts the first row; false when another host inserted it first (the caller re-reads).</summary>
    public async Task<bool> TryAddAsync(AcmeAccountRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(ToEntity(record), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the row if nobody changed it since <paramref name="record"/> was read; false when someone did (412).</summary>
    public async Task<bool> TryUpdateAsync(AcmeAccountRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(ToEntity(record), record.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>The key name for an account: derived from directory and EAB key id, so every host names the same key.</summary>
    public static string KeyName(Uri directory, string? eabKeyId) => "acme-account-" + Hash($"{directory}|{eabKeyId}")[..24];

    private static string PartitionKey(Uri directory, string? eabKeyId) => Hash($"{directory}|{eabKeyId}");

    private static string RowKey(string vaultId) => Hash(vaultId);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static TableEntity ToEntity(AcmeAccountRecord r) => new(PartitionKey(r.Directory, r.EabKeyId), RowKey(r.VaultId))
    {
        ["Directory"] = r.Directory.ToString(),
        ["EabKeyId"] = r.EabKeyId ?? "",
        ["VaultId"] = r.VaultId,
        ["KeyName"] = r.KeyName,
        ["KeyVersion"] = r.KeyVersion,
        ["PendingKeyVersion"] = r.PendingKeyVersion,
        ["AccountUrl"] = r.AccountUrl?.ToString(),
        ["DirectoryMeta"] = r.DirectoryMeta,
        ["KeyChangedAt"] = r.KeyChangedAt,
    };

    private static AcmeAccountRecord Read(TableEntity e) => new(
        new Uri(e.GetString("Directory")!),
        e.GetString("EabKeyId") is { Length: > 0 } kid ? kid : null,
        e.GetString("VaultId")!,
        e.GetString("KeyName")!,
        e.GetString("KeyVersion")!,
        e.GetString("AccountUrl") is { Length: > 0 } url ? new Uri(url) : null,
        e.GetString("PendingKeyVersion") is { Length: > 0 } pending ? pending : null,
        e.GetString("DirectoryMeta"),
        e.GetDateTimeOffset("KeyChangedAt"))
    {
        ETag = e.ETag,
    };
}

/// <summary>
/// One ACME account row. <see cref="PendingKeyVersion"/> is set while a key rollover is under way, so a rollover cut off
/// after the CA took the new key is finished by the next run rather than leaving the row on a key the CA no longer knows.
/// </summary>
public sealed record AcmeAccountRecord(Uri Directory, string? EabKeyId, string VaultId, string KeyName, string KeyVersion, Uri? AccountUrl,
    string? PendingKeyVersion = null, string? DirectoryMeta = null, DateTimeOffset? KeyChangedAt = null)
{
    public ETag ETag { get; init; }
}
