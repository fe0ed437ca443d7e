using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Application.Renewal;
using SslFlow.Contracts.Inventory;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// Reissues and renewals one after another on one order, through the local host with real Pebble (issue 26 item 1): each
/// run is a new CA order (its key is the run's own instance id), so each gives a new certificate with its own names, the
/// key the customer chose stays, and the renewal count survives a reissue.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class ReissueChainTests(LocalPartsFixture parts)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16] + ".sslflow.test";

    private static async Task<X509Certificate2> LeafAsync(HttpClient http, string orderId)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await http.GetStringAsync($"api/orders/{orderId}/certificate"));
        return chain[0];
    }

    private static List<string> Sans(X509Certificate2 leaf) =>
        leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Order().ToList();

    [Fact]
    public async Task A_renewal_three_reissues_and_a_renewal_in_a_row_each_give_a_new_certificate_with_its_names_and_the_orders_key()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var workflow = app.Services.GetRequiredService<DurableTaskClient>();
        var inventory = app.Services.GetRequiredService<ICertificateInventory>();
        var names = new List<string> { NewName("rc") };
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = names, product = "dv-multi", dcvMethod = "http-01", contactEmail = $"{names[0]}@customers.test", keyAlgorithm = "Rsa2048" });
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, Patience, "ACTIVE", "ACTIVATION ERROR", "REFUNDED");
        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        var serials = new List<string> { view.GetProperty("serialNumber").GetString()! };

        async Task RenewAsync(int expectedRenewals)
        {
            var item = await WaitForInventoryAsync(inventory, orderId, serials[^1]);
            var scheduler = new RenewalScheduler(inventory, workflow, new FakeTimeProvider(item.RenewAt.AddMinutes(1)), NullLogger<RenewalScheduler>.Instance);
            Assert.Equal(1, (await scheduler.RunAsync()).Started);
            var result = await workflow.WaitForInstanceCompletionAsync(RenewalScheduler.RenewalInstanceId(item), getInputsAndOutputs: true).WaitAsync(Patience);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.True(result.ReadOutputAs<Workflow.Orchestrations.RenewalResult>()!.Renewed, result.SerializedOutput);
            var renewed = await WaitForInventoryAsync(inventory, orderId, null, i => i.Renewals == expectedRenewals);
            serials.Add(renewed.SerialNumber);
        }

        async Task ReissueAsync(string added)
        {
            names.Add(added);
            var response = await http.PostAsJsonAsync($"api/orders/{orderId}/reissue", new { addDomains = new[] { added } }); // no key named: the order's stays
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var result = await workflow.WaitForInstanceCompletionAsync($"reissue-{orderId}-{serials[^1]}", getInputsAndOutputs: true).WaitAsync(Patience);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            var now = await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
            serials.Add(now.GetProperty("serialNumber").GetString()!);
        }

        async Task AssertCurrentAsync()
        {
            var leaf = await LeafAsync(http, orderId);
            Assert.Equal(serials[^1], leaf.SerialNumber);
            Assert.Equal(names.Order().ToList(), Sans(leaf));
            Assert.Equal(2048, leaf.GetRSAPublicKey()!.KeySize); // the key the order chose, not the EC default
            var record = await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
            Assert.Equal(("ACTIVE", serials[^1]), (record.GetProperty("status").GetString(), record.GetProperty("serialNumber").GetString()));
            Assert.Equal(names, record.GetProperty("domains").EnumerateArray().Select(d => d.GetString()!).ToList());
            Assert.Equal(serials.Count, serials.Distinct().Count()); // each run gave a new certificate
        }

        await RenewAsync(1);
        await AssertCurrentAsync();
        for (var i = 0; i < 3; i++)
        {
            await ReissueAsync(NewName("rc"));
            await AssertCurrentAsync();
            Assert.Equal(1, (await WaitForInventoryAsync(inventory, orderId, serials[^1])).Renewals); // a reissue is not a renewal, nor a reset
        }
        await RenewAsync(2);
        await AssertCurrentAsync();

        var transitions = (await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}")).GetProperty("transitions").EnumerateArray()
            .Select(t => t.GetProperty("cause").GetString()).ToList();
        Assert.Equal(3, transitions.Count(c => c == "reissued"));
        Assert.Equal(2, transitions.Count(c => c == "renewed"));
    }

    private static async Task<Contracts.Inventory.InventoryItem> WaitForInventoryAsync(ICertificateInventory inventory, string orderId, string? serial,
        Func<Contracts.Inventory.InventoryItem, bool>? also = null)
    {
        for (var deadline = DateTime.UtcNow + Patience; ; await Task.Delay(100)) // the inventory write follows the record's
        {
            if (await inventory.GetAsync(orderId, default) is { } item && (serial is null || item.SerialNumber == serial) && (also?.Invoke(item) ?? true)) return item;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The inventory did not catch up.");
        }
    }
}
