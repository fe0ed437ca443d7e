using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SslFlow.Activities.Ports;
using SslFlow.Activities.Renewal;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Adapters.Inventory;

/// <summary>
/// The certificate inventory in Azure Tables.
/// <list type="bullet">
/// <item><c>Certificates</c>: PartitionKey = certificate id, RowKey <c>cert</c>: the item, with <c>DueKey</c>, the
/// RowKey of its entry in the due index.</item>
/// <item><c>RenewalDue</c>: PartitionKey <c>due</c>, RowKey <c>{renewAt ticks, 19 digits}-{certificate id}</c>, holding a
/// copy of the item. A renewal run is one range query <c>RowKey le "{now}~"</c>: it reads the due rows and nothing
/// else, however large the inventory.</item>
/// </list>
/// </summary>
public sealed class TableCertificateInventory(TableServiceClient service) : ICertificateInventory
{
    private readonly TableClient _items = service.GetTableClient("Certificates");
    private readonly TableClient _due = service.GetTableClient("RenewalDue");

    /// <summary>Entities read by the last <see cref="GetDueAsync"/> (what the renewal benchmark and tests count).</summary>
    public int LastDueRowsRead { get; private set; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _items.CreateIfNotExistsAsync(cancellationToken);
        await _due.CreateIfNotExistsAsync(cancellationToken);
    }

    public async Task UpsertAsync(InventoryItem item, CancellationToken cancellationToken)
    {
        var existing = await _items.GetEntityIfExistsAsync<TableEntity>(item.CertificateId, "cert", cancellationToken: cancellationToken);
        var dueKey = DueKey(item);
        var data = JsonSerializer.Serialize(item, WorkflowJson.Options);
        // New index entry first: a crash in between leaves two entries (harmless: the item row says which is current), never none.
        await _due.UpsertEntityAsync(new TableEntity("due", dueKey) { ["Data"] = data }, TableUpdateMode.Replace, cancellationToken);
        await _items.UpsertEntityAsync(new TableEntity(item.CertificateId, "cert") { ["Data"] = data, ["DueKey"] = dueKey, ["NotAfter"] = item.NotAfter }, TableUpdateMode.Replace, cancellationToken);
        if (existing.HasValue && existing.Value!.GetString("DueKey") is { } old && old != dueKey) await DeleteDueAsync(old, cancellationToken);
    }

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

    private static string DueKey(InventoryItem item) => $"{item.RenewAt.UtcTicks:D19}-{item.CertificateId}";

    private static InventoryItem Read(TableEntity e) => JsonSerializer.Deserialize<InventoryItem>(e.GetString("Data")!, WorkflowJson.Options)!;
}
