using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using SslFlow.Activities.Ports;
using SslFlow.Activities.Renewal;
using SslFlow.Adapters.Inventory;
using SslFlow.DevStack;
using SslFlow.Workflow;

namespace SslFlow.Bench;

/// <summary>
/// Benchmark 3: a renewal run's read (TableCertificateInventory.GetDueAsync, the query RenewalScheduler makes) over an
/// inventory of N certificates with 1% due, against a full scan of the same inventory's Certificates table, for growing N.
/// </summary>
public static class RenewalBench
{
    public static async Task<string> RunAsync(BenchArgs args)
    {
        var budget = TimeSpan.FromSeconds(args.Int("seconds", 300));
        int[] sizes = (args.String("sizes") ?? "1000,5000,10000,20000,40000,80000").Split(',').Select(int.Parse).ToArray();
        await using var azurite = await AzuriteRunner.StartAsync();
        var service = new TableServiceClient(azurite.ConnectionString);
        var inventory = new TableCertificateInventory(service);
        await inventory.EnsureCreatedAsync();
        var certificates = service.GetTableClient("Certificates");
        var now = DateTimeOffset.UtcNow;
        var rows = new List<string>();
        var clock = Stopwatch.StartNew();
        var inserted = 0;
        double insertRate = 0, perRowPerSize = 0;
        string? stopped = null;
        foreach (var n in sizes)
        {
            var toAdd = n - inserted;
            // Azurite's cost per insert grows with the table (the last step's rate falls as N grows), so the next step is
            // predicted as cost per row per existing row × rows to add × mean size during the step.
            var predicted = perRowPerSize * toAdd * (inserted + toAdd / 2.0);
            if (perRowPerSize > 0 && clock.Elapsed + TimeSpan.FromSeconds(predicted) > budget)
            {
                stopped = $"Stopped before N = {n:N0}: filling Azurite to it would take about {predicted:F0} s more (the last step filled {insertRate:F0} certificates/s and Azurite slows as the table grows), past the {budget.TotalSeconds:F0} s budget.";
                break;
            }
            var fill = Stopwatch.StartNew();
            await FillAsync(inventory, certificates, service.GetTableClient("RenewalDue"), inserted, toAdd, now);
            insertRate = toAdd / fill.Elapsed.TotalSeconds;
            if (inserted >= ThroughAdapter) perRowPerSize = fill.Elapsed.TotalSeconds / toAdd / (inserted + toAdd / 2.0); // bulk steps only
            inserted = n;

            // Warm once, then take the better of 3 (Azurite's own warm-up is not what is measured).
            double dueMs = double.MaxValue, scanMs = double.MaxValue;
            int dueFound = 0, dueRead = 0, scanRead = 0, scanFound = 0;
            for (var rep = 0; rep < 3; rep++)
            {
                var sw = Stopwatch.StartNew();
                var due = await inventory.GetDueAsync(now, int.MaxValue, CancellationToken.None);
                dueMs = Math.Min(dueMs, sw.Elapsed.TotalMilliseconds);
                dueFound = due.Count;
                dueRead = inventory.LastDueRowsRead;

                sw.Restart();
                int read = 0, found = 0;
                await foreach (var row in certificates.QueryAsync<TableEntity>(maxPerPage: 1000))
                {
                    read++;
                    var item = JsonSerializer.Deserialize<InventoryItem>(row.GetString("Data"), WorkflowJson.Options)!;
                    if (item.RenewAt <= now) found++;
                }
                scanMs = Math.Min(scanMs, sw.Elapsed.TotalMilliseconds);
                scanRead = read;
                scanFound = found;
            }
            if (dueFound != scanFound) throw new InvalidOperationException($"due index found {dueFound}, scan found {scanFound}");
            rows.Add($"| {n:N0} | {dueFound:N0} | {dueRead:N0} | {dueMs:F1} | {scanRead:N0} | {scanMs:F1} | {(double)scanRead / dueRead:F0}x | {scanMs / dueMs:F1}x |");
            Console.Error.WriteLine(rows[^1] + $" (fill {insertRate:F0}/s)");
            if (clock.Elapsed > budget)
            {
                stopped = $"Stopped after N = {n:N0}: the {budget.TotalSeconds:F0} s budget is used.";
                break;
            }
        }
        return Machine.Header("3. Renewal run: due index vs full scan") + $"""

            Inventory in Azurite (in memory): the first {ThroughAdapter:N0} certificates through `TableCertificateInventory.UpsertAsync`, the rest written in bulk in the same layout (item row in `Certificates`, index row in `RenewalDue`); 1% of certificates due (RenewAt in the past), the rest 30–60 days out.
            Due query = `GetDueAsync` (what RenewalScheduler calls; entities counted by `LastDueRowsRead`); full scan = every row of `Certificates`, deserialized and filtered by RenewAt. Best of 3 after filling; both find the same due set.
            Last fill rate: {insertRate:F0} certificates/s. The rest of a run (starting one renewal orchestration per due certificate) is the same for both reads, so it is not part of the comparison.

            | N | due | due query: entities read | due query ms | full scan: entities read | full scan ms | entities ratio | time ratio |
            |---:|---:|---:|---:|---:|---:|---:|---:|
            {string.Join("\n", rows)}

            {stopped ?? "All sizes completed."}
            """;
    }

    /// <summary>
    /// The first <see cref="ThroughAdapter"/> certificates go through <c>TableCertificateInventory.UpsertAsync</c> (1 read + 2
    /// writes each); the rest are written in the same layout in bulk (the item row, and the due-index rows in
    /// transactions of 100), because Azurite takes ~150 upserts/s and the point is the read, not the fill.
    /// </summary>
    private static async Task FillAsync(TableCertificateInventory inventory, TableClient certificates, TableClient due, int from, int count, DateTimeOffset now)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = 32 };
        var viaAdapter = Math.Clamp(ThroughAdapter - from, 0, count);
        await Parallel.ForEachAsync(Enumerable.Range(from, viaAdapter), options, async (i, ct) => await inventory.UpsertAsync(Item(i, now), ct));
        var bulk = Enumerable.Range(from + viaAdapter, count - viaAdapter).Select(i => Item(i, now)).ToList();
        var items = bulk.Select(item => (Item: item, Data: JsonSerializer.Serialize(item, WorkflowJson.Options), DueKey: $"{item.RenewAt.UtcTicks:D19}-{item.CertificateId}")).ToList();
        var rows = Parallel.ForEachAsync(items, options, async (x, ct) =>
            await certificates.UpsertEntityAsync(new TableEntity(x.Item.CertificateId, "cert") { ["Data"] = x.Data, ["DueKey"] = x.DueKey, ["NotAfter"] = x.Item.NotAfter }, TableUpdateMode.Replace, ct));
        var index = Parallel.ForEachAsync(items.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
            await due.SubmitTransactionAsync(chunk.Select(x => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("due", x.DueKey) { ["Data"] = x.Data })), ct));
        await Task.WhenAll(rows, index);
    }

    private const int ThroughAdapter = 1000;

    private static InventoryItem Item(int i, DateTimeOffset now)
    {
        var due = i % 100 == 0;
        var renewAt = due ? now.AddDays(-1).AddMinutes(-i % 1000) : now.AddDays(30 + i % 30).AddMinutes(i % 1000);
        return new InventoryItem($"cert-{i:D7}", "dv-single", [$"n{i}.sslflow.test"], "pebble", DcvMethod.Http01, null, $"c{i:D7}", KeyAlgorithm.EcP256,
            $"{i:X12}", renewAt.AddDays(-60), renewAt.AddDays(30), renewAt);
    }
}
