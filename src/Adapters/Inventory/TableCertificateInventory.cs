using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SslFlow.Adapters.Tables;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Renewal;

namespace SslFlow.Adapters.Inventory;

/// <summary>
/// The certificate inventory in Azure Tables.
/// <list type="bullet">
/// <item><c>Certificates</c>: PartitionKey = certificate id, RowKey <c>cert</c>: the item, with <c>DueKey</c>, the
/// RowKey of its entry in the due index (null once out of the schedule).</item>
/// <item><c>RenewalDue</c>: PartitionKey <c>due</c>, RowKey <c>{next attention ticks, 19 digits}-{certificate id}</c>,
/// holding a copy of the item. The next attention is the earliest of the renewal moment, the next pending
/// expiry reminder and notAfter. A renewal run is one range query <c>RowKey le "{now}~"</c>: it reads the due rows
/// and nothing else, however large the inventory.</item>
/// </list>
/// Writes to one item are optimistic (ETag); the index entry is written before the item and the old one deleted after,
/// so a crash leaves at most a stale extra entry (ignored: the item row names the current one), never none.
/// </summary>
/// <param name="service">The storage account.</param>
/// <param name="tablePrefix">Prepended to both table names, so several hubs (or tests) can share an account; empty by default.</param>
public sealed class TableCertificateInventory(TableServiceClient service, string tablePrefix = "") : ICertificateInventory
{
    private readonly TableClient _items = service.GetTableClient(tablePrefix + "Certificates");
    private readonly TableClient _due = service.GetTableClient(tablePrefix + "RenewalDue");

    /// <summary>Entities read by the last <see cref="GetDueAsync"/> (what the renewal benchmark and tests count).</summary>
    public int LastDueRowsRead { get; private set; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _items.CreateIfNotExistsAsync(cancellationToken);
        await _due.CreateIfNotExistsAsync(cancellationToken);
    }

    public Task UpsertAsync(InventoryItem item, CancellationToken cancellationToken) =>
        WriteAsync(item.CertificateId, existing =>
        {
            // A reminder recorded meanwhile for the same certificate stays recorded (it was sent).
            if (existing is { } e && e.SerialNumber == item.SerialNumber && e.RemindedAtDays != 0
                && (item.RemindedAtDays == 0 || e.RemindedAtDays < item.RemindedAtDays))
            {
                return item with { RemindedAtDays = e.RemindedAtDays };
            }
            return item;
        }, reschedule: true, cancellationToken);

    public Task MarkRemindedAsync(string certificateId, string serialNumber, int days, CancellationToken cancellationToken) =>
        WriteAsync(certificateId, existing =>
            existing is { } e && e.SerialNumber == serialNumber && (e.RemindedAtDays == 0 || days < e.RemindedAtDays) ? e with { RemindedAtDays = days } : null,
            reschedule: false, cancellationToken);

    public async Task<InventoryItem?> GetAsync(string certificateId, CancellationToken cancellationToken)
    {
        var row = await _items.GetEntityIfExistsAsync<TableEntity>(certificateId, "cert", cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<IReadOnlyList<InventoryItem>> GetDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var upper = $"{now.UtcTicks:D19}~";
        var due = new List<InventoryItem>();
        var read = 0;
        await foreach (var row in _due.QueryAsync<TableEntity>(e => e.PartitionKey == "due" && e.RowKey.CompareTo(upper) <= 0, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            read++;
            due.Add(Read(row));
            if (due.Count >= max) break;
        }
        LastDueRowsRead = read;
        return due;
    }

    public async Task RemoveFromScheduleAsync(string certificateId, CancellationToken cancellationToken)
    {
        var existing = await _items.GetEntityIfExistsAsync<TableEntity>(certificateId, "cert", cancellationToken: cancellationToken);
        if (!existing.HasValue || existing.Value!.GetString("DueKey") is not { } key) return;
        await DeleteDueAsync(key, cancellationToken);
        existing.Value["DueKey"] = null;
        await _items.UpdateEntityAsync(existing.Value, ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Read-modify-write of one item under its ETag. <paramref name="change"/> returns the new item or null for no change.
    /// An item out of the schedule stays out unless <paramref name="reschedule"/> (a new issuance) puts it back.
    /// </summary>
    private async Task WriteAsync(string certificateId, Func<InventoryItem?, InventoryItem?> change, bool reschedule, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await _items.GetEntityIfExistsAsync<TableEntity>(certificateId, "cert", cancellationToken: cancellationToken);
            var existing = row.HasValue ? row.Value : null;
            if (change(existing is null ? null : Read(existing)) is not { } item) return;
            var oldKey = existing?.GetString("DueKey");
            var scheduled = reschedule || oldKey is not null;
            var data = JsonSerializer.Serialize(item, TableJson.Options);
            var newKey = scheduled ? DueKey(item) : null;
            if (newKey is not null) await _due.UpsertEntityAsync(new TableEntity("due", newKey) { ["Data"] = data }, TableUpdateMode.Replace, cancellationToken);
            var entity = new TableEntity(certificateId, "cert") { ["Data"] = data, ["DueKey"] = newKey, ["NotAfter"] = item.NotAfter };
            try
            {
                if (existing is null) await _items.AddEntityAsync(entity, cancellationToken);
                else await _items.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                if (newKey is not null && newKey != oldKey) await DeleteDueAsync(newKey, cancellationToken);
                continue; // another writer won: read again and re-apply the change
            }
            if (oldKey is not null && oldKey != newKey) await DeleteDueAsync(oldKey, cancellationToken);
            return;
        }
    }

    private async Task DeleteDueAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _due.DeleteEntityAsync("due", key, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private static string DueKey(InventoryItem item) => $"{RenewalPolicy.NextAttention(item).UtcTicks:D19}-{item.CertificateId}";

    private static InventoryItem Read(TableEntity e) => JsonSerializer.Deserialize<InventoryItem>(e.GetString("Data")!, TableJson.Options)!;
}
