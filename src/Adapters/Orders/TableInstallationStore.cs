using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SslFlow.Adapters.Tables;
using SslFlow.Contracts.Installation;

namespace SslFlow.Adapters.Orders;

/// <summary>
/// Install targets and states in Azure Tables. Table <c>Installations</c>: PartitionKey = order id; RowKey <c>targets</c>
/// holds the order's targets (JSON with the <c>kind</c> discriminator), <c>s{index:D2}</c> the state of each target.
/// </summary>
public sealed class TableInstallationStore(TableServiceClient service) : IInstallationStore
{
    private const string TargetsKey = "targets";
    private readonly TableClient _table = service.GetTableClient("Installations");

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task SaveTargetsAsync(string orderId, IReadOnlyList<InstallTarget> targets, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(orderId, TargetsKey) { ["Data"] = JsonSerializer.Serialize(targets, TableJson.Options) }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Stored already: a re-run of the order's first installation.
        }
    }

    public async Task<IReadOnlyList<InstallTarget>> GetTargetsAsync(string orderId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(orderId, TargetsKey, cancellationToken: cancellationToken);
        return row.HasValue ? JsonSerializer.Deserialize<List<InstallTarget>>(row.Value!.GetString("Data")!, TableJson.Options) ?? [] : [];
    }

    public Task RecordAsync(string orderId, InstallationState state, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(orderId, $"s{state.Index:D2}") { ["Data"] = JsonSerializer.Serialize(state, TableJson.Options) }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<InstallationState>> ListAsync(string orderId, CancellationToken cancellationToken)
    {
        var list = new List<InstallationState>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == orderId && e.RowKey.CompareTo("s") >= 0 && e.RowKey.CompareTo("t") < 0, cancellationToken: cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize<InstallationState>(row.GetString("Data")!, TableJson.Options)!);
        }
        return list.OrderBy(s => s.Index).ToList();
    }
}
