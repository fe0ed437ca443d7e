using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SslFlow.Contracts.Caas;

namespace SslFlow.Adapters.Caas;

/// <summary>
/// CaaS credentials in Azure Tables, one partition per order: row <c>credential</c> holds the key id, CA reference,
/// directory and the AES-GCM encrypted HMAC key with its delivery period; rows <c>read-…</c> record every read attempt
/// (reader, time, outcome). Destroying the secret replaces the row with one that has no ciphertext (Replace, not Merge,
/// so the property is gone from the service) and a <c>Destroyed</c> flag: a later save for the order is refused, so a
/// key is never revived or regenerated. The attempt is recorded before the secret is returned: an unrecorded read
/// never delivers.
/// </summary>
public sealed class TableCredentialStore(TableServiceClient service, CaasCredentialOptions options, TimeProvider time, ILogger<TableCredentialStore> logger) : ICredentialStore
{
    private const string CredentialRow = "credential";
    private readonly TableClient _table = service.GetTableClient(options.TableName);
    private readonly CredentialCipher _cipher = new(options.EncryptionKey);
    private Task? _created;

    /// <summary>Creates the table (idempotent). Every operation does it once on first use, so hosts need no start-up step for it.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var created = _created ??= _table.CreateIfNotExistsAsync(CancellationToken.None);
        try
        {
            await created.WaitAsync(cancellationToken);
        }
        catch when (created.IsFaulted)
        {
            _ = Interlocked.CompareExchange(ref _created, null, created); // the next call tries again (e.g. storage was not up yet)
            throw;
        }
    }

    public async Task<bool> SaveAsync(string orderId, string caReference, EabCredential credential, DateTimeOffset orderedAt, CancellationToken cancellationToken)
    {
        RequireKey(orderId);
        await EnsureCreatedAsync(cancellationToken);
        var entity = new TableEntity(orderId, CredentialRow)
        {
            ["CaReference"] = caReference,
            ["KeyId"] = credential.KeyId,
            ["DirectoryUrl"] = credential.DirectoryUrl.ToString(),
            ["Ciphertext"] = _cipher.Encrypt(credential.HmacKey, orderId, credential.KeyId),
            ["CipherVersion"] = "v1",
            ["OrderedAt"] = orderedAt,
            ["AvailableUntil"] = orderedAt + options.ReadableFor,
            ["Destroyed"] = false,
        };
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false; // a re-run, or the secret was destroyed already: never replaced, never revived
        }
        logger.LogInformation("CaaS credential of order {OrderId} stored (CA reference {CaReference}, key id {KeyId}), readable until {AvailableUntil:O}",
            orderId, caReference, credential.KeyId, orderedAt + options.ReadableFor);
        return true;
    }

    public async Task<CredentialRead> ReadAsync(string orderId, string reader, CancellationToken cancellationToken)
    {
        RequireKey(orderId);
        await EnsureCreatedAsync(cancellationToken);
        var row = await GetAsync(orderId, cancellationToken);
        if (row is null) return new CredentialRead(CredentialReadOutcome.NotFound, null, null, null, null);
        var now = time.GetUtcNow();
        var until = row.GetDateTimeOffset("AvailableUntil");
        if (row.GetBoolean("Destroyed") != true && now >= until)
        {
            await DestroyAsync(orderId, "delivery period over", cancellationToken);
            row = await GetAsync(orderId, cancellationToken) ?? row;
        }
        var caReference = row.GetString("CaReference");
        if (row.GetBoolean("Destroyed") == true)
        {
            await RecordAsync(orderId, reader, now, CredentialReadOutcome.Gone, cancellationToken);
            return new CredentialRead(CredentialReadOutcome.Gone, caReference, null, until, row.GetDateTimeOffset("DestroyedAt"));
        }
        var keyId = row.GetString("KeyId");
        // Decrypted first (a row that fails to decrypt is not recorded as delivered), recorded before it is returned.
        var credential = new EabCredential(keyId, _cipher.Decrypt(row.GetBinary("Ciphertext"), orderId, keyId), new Uri(row.GetString("DirectoryUrl")));
        await RecordAsync(orderId, reader, now, CredentialReadOutcome.Delivered, cancellationToken);
        return new CredentialRead(CredentialReadOutcome.Delivered, caReference, credential, until, null);
    }

    public async Task<bool> DestroyAsync(string orderId, string reason, CancellationToken cancellationToken)
    {
        RequireKey(orderId);
        await EnsureCreatedAsync(cancellationToken);
        while (true)
        {
            var row = await GetAsync(orderId, cancellationToken);
            if (row is null || row.GetBoolean("Destroyed") == true) return false;
            var destroyed = new TableEntity(orderId, CredentialRow)
            {
                ["CaReference"] = row.GetString("CaReference"),
                ["KeyId"] = row.GetString("KeyId"),
                ["DirectoryUrl"] = row.GetString("DirectoryUrl"),
                ["OrderedAt"] = row.GetDateTimeOffset("OrderedAt"),
                ["AvailableUntil"] = row.GetDateTimeOffset("AvailableUntil"),
                ["Destroyed"] = true,
                ["DestroyedAt"] = time.GetUtcNow(),
                ["DestroyReason"] = reason,
            };
            try
            {
                // Replace: the ciphertext property is removed, not just hidden. Conditional, so a concurrent read sees one or the other.
                await _table.UpdateEntityAsync(destroyed, row.ETag, TableUpdateMode.Replace, cancellationToken);
                logger.LogInformation("CaaS credential of order {OrderId} destroyed ({Reason})", orderId, reason);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed meanwhile (another destroyer): look again.
            }
        }
    }

    public async Task<int> DestroyExpiredAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var now = time.GetUtcNow();
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {CredentialRow} and Destroyed eq false and AvailableUntil le {now}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (await DestroyAsync(row.PartitionKey, "delivery period over", cancellationToken)) count++;
        }
        return count;
    }

    public async Task<IReadOnlyList<CredentialAccess>> GetReadsAsync(string orderId, CancellationToken cancellationToken)
    {
        RequireKey(orderId);
        await EnsureCreatedAsync(cancellationToken);
        var reads = new List<CredentialAccess>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {orderId} and RowKey ge {"read-"} and RowKey lt {"read."}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            reads.Add(new CredentialAccess(orderId, row.GetString("Reader"), row.GetDateTimeOffset("At")!.Value, Enum.Parse<CredentialReadOutcome>(row.GetString("Outcome"))));
        }
        return reads;
    }

    private async Task RecordAsync(string orderId, string reader, DateTimeOffset at, CredentialReadOutcome outcome, CancellationToken cancellationToken)
    {
        var rowKey = $"read-{at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        await _table.AddEntityAsync(new TableEntity(orderId, rowKey) { ["Reader"] = reader, ["At"] = at, ["Outcome"] = outcome.ToString() }, cancellationToken);
        logger.LogInformation("CaaS credential of order {OrderId} read by {Reader}: {Outcome}", orderId, reader, outcome);
    }

    private async Task<TableEntity?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(orderId, CredentialRow, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Order ids are the partition keys: characters Tables forbids in keys are refused, not escaped.</summary>
    private static void RequireKey(string orderId)
    {
        if (string.IsNullOrWhiteSpace(orderId) || orderId.Length > 200 || orderId.IndexOfAny(['/', '\\', '#', '?']) >= 0 || orderId.Any(char.IsControl))
        {
            throw new ArgumentException($"'{orderId}' is not a valid order id.", nameof(orderId));
        }
    }
}
