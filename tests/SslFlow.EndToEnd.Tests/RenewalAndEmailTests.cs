using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Adapters.Inventory;
using SslFlow.Application.Renewal;
using Microsoft.DurableTask.Client;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.EndToEnd.Tests;

/// <summary>Renewal at Pebble into the vault, expiry, the due index, and customer email in maildev — through real parts.</summary>
[Collection(LocalPartsCollection.Name)]
public sealed class RenewalAndEmailTests(LocalPartsFixture parts)
{
    [Fact]
    public async Task A_due_dv_certificate_renews_into_the_vault_once_and_the_old_one_serves_until_the_new_is_merged()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var domain = $"renew-{Guid.NewGuid():N}"[..18] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain }, product = "dv-single", dcvMethod = "http-01", contactEmail = $"{domain}@customers.test" });
        var first = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE");
        var oldSerial = first.GetProperty("serialNumber").GetString();

        var inventory = app.Services.GetRequiredService<ICertificateInventory>();
        var item = await WaitForInventoryAsync(inventory, orderId);
        Assert.InRange((item.RenewAt - item.NotBefore) / (item.NotAfter - item.NotBefore), 0.6, 0.75);

        // Two renewal runs at the same moment (after the renewal time): one renewal starts, the second starts nothing.
        var at = new FakeTimeProvider(item.RenewAt.AddMinutes(1));
        var workflow = app.Services.GetRequiredService<DurableTaskClient>();
        var scheduler = new RenewalScheduler(inventory, workflow, at, NullLogger<RenewalScheduler>.Instance);
        var runs = await Task.WhenAll(scheduler.RunAsync(), scheduler.RunAsync());
        Assert.Equal(1, runs.Sum(r => r.Started));
        Assert.Equal(1, runs.Sum(r => r.AlreadyRunning));

        var renewalId = RenewalScheduler.RenewalInstanceId(item);
        // While the renewal runs the order stays ACTIVE and serves the old certificate until the new one is merged:
        // what a customer downloads goes old, old, …, new — never back, never nothing.
        var completion = workflow.WaitForInstanceCompletionAsync(renewalId).WaitAsync(TimeSpan.FromMinutes(2));
        var served = new List<string>();
        while (!completion.IsCompleted)
        {
            var view = JsonDocument.Parse(await http.GetStringAsync($"api/orders/{orderId}")).RootElement;
            Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
            var current = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            current.ImportFromPem(await http.GetStringAsync($"api/orders/{orderId}/certificate"));
            served.Add(current[0].SerialNumber);
            await Task.WhenAny(completion, Task.Delay(50)); // observing through the public API while it runs
        }
        var result = await completion;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(oldSerial, served[0]);
        Assert.Equal(served.Count, served.TakeWhile(s => s == oldSerial).Count() + served.SkipWhile(s => s == oldSerial).Count(s => s != oldSerial));

        var after = JsonDocument.Parse(await http.GetStringAsync($"api/orders/{orderId}")).RootElement;
        Assert.Equal("ACTIVE", after.GetProperty("status").GetString());
        var newSerial = after.GetProperty("serialNumber").GetString();
        Assert.NotEqual(oldSerial, newSerial);
        Assert.Contains(after.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("cause").GetString() == "renewed");
        var pem = await http.GetStringAsync($"api/orders/{orderId}/certificate");
        var chain = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        chain.ImportFromPem(pem);
        Assert.Equal(newSerial, chain[0].SerialNumber);
        var renewed = await inventory.GetAsync(orderId, default);
        Assert.Equal(newSerial, renewed!.SerialNumber);
        Assert.Equal(1, renewed.Renewals);
        Assert.Equal(RenewalPolicy.RenewAt(orderId + newSerial, renewed.NotBefore, renewed.NotAfter), renewed.RenewAt); // rescheduled for the new certificate

        var mails = await MailsTo($"{domain}@customers.test", 3);
        Assert.Contains(mails, m => m.Subject.Contains("received") );
        // The issued mail carries the chain Pebble issued first, as PEM, leaf first, certificates only.
        var issuedMail = mails.Single(m => m.Subject.Contains("is issued"));
        var attachment = Assert.Single(issuedMail.Raw.GetProperty("attachments").EnumerateArray());
        using var web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{parts.Mail.WebPort}/") };
        var attachedPem = await web.GetStringAsync($"email/{issuedMail.Raw.GetProperty("id").GetString()}/attachment/{Uri.EscapeDataString(attachment.GetProperty("generatedFileName").GetString()!)}");
        var attached = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        attached.ImportFromPem(attachedPem);
        Assert.Equal(oldSerial, attached[0].SerialNumber);
        Assert.True(attached.Count >= 2, "leaf and intermediate");
        Assert.DoesNotContain("PRIVATE KEY", attachedPem);
        Assert.Contains(mails, m => m.Subject.Contains("renewed"));
    }

    [Fact]
    public async Task At_not_after_an_unrenewed_certificate_becomes_certificate_disabled_and_the_customer_is_told()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var domain = $"exp-{Guid.NewGuid():N}"[..16] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain }, product = "dv-single", dcvMethod = "http-01", contactEmail = $"{domain}@customers.test" });
        await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE");
        var inventory = app.Services.GetRequiredService<ICertificateInventory>();
        var item = await WaitForInventoryAsync(inventory, orderId);

        var scheduler = new RenewalScheduler(inventory, app.Services.GetRequiredService<DurableTaskClient>(), new FakeTimeProvider(item.NotAfter.AddSeconds(1)), NullLogger<RenewalScheduler>.Instance);
        var run = await scheduler.RunAsync();
        Assert.Equal(1, run.Disabled);

        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(1), "CERTIFICATE DISABLED");
        Assert.Equal("Completed", view.GetProperty("resellerState").GetString());
        // Leaving the schedule is the orchestration's next step after the status: wait for it to finish.
        using (var wait = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            await app.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(RenewalScheduler.DisableInstanceId(item), wait.Token);
        }
        Assert.Null(await inventory.GetDueAsync(item.NotAfter.AddYears(10), 10, default) is var due && due.Any(d => d.CertificateId == orderId) ? "still scheduled" : null);
        Assert.Contains(await MailsTo($"{domain}@customers.test", 3), m => m.Subject.Contains("expired"));
    }

    [Fact]
    public async Task A_failed_dcv_ends_in_activation_error_then_refunded_with_the_reason_emailed()
    {
        // No DNS provider configured: the dns-01 answer is never published, so Pebble invalidates the order.
        var (app, http, _) = await parts.StartHostAsync(new Dictionary<string, string?> { ["SslFlow:Dns:ChallTestSrvUrl"] = "" });
        await using var _app = app;
        var domain = $"fail-{Guid.NewGuid():N}"[..17] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain }, product = "dv-single", dcvMethod = "dns-01", contactEmail = $"{domain}@customers.test" });
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "REFUNDED", "ACTIVE");

        Assert.Equal("REFUNDED", view.GetProperty("status").GetString());
        var path = view.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()).ToList();
        Assert.Equal(["ACTIVATION IN PROGRESS", "ACTIVATION ERROR", "TO BE REFUNDED", "REFUNDED"], path);
        Assert.Contains("dns", view.GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        var mails = await MailsTo($"{domain}@customers.test", 4);
        var error = mails.Single(m => m.Subject.Contains("could not issue"));
        Assert.Contains("Reason:", error.Text);
        Assert.Contains(mails, m => m.Subject.Contains("refunded"));
    }

    [Fact]
    public async Task A_renewal_run_over_thousands_of_certificates_reads_only_the_due_rows()
    {
        // Entities counted on the wire (what Azure Tables bills and what takes time), not by the adapter.
        var tables = "Inv" + Guid.NewGuid().ToString("N")[..10];
        var wire = new EntityCountingPolicy(tables + "RenewalDue");
        var options = new TableClientOptions();
        options.AddPolicy(wire, Azure.Core.HttpPipelinePosition.PerCall);
        var inventory = new TableCertificateInventory(new TableServiceClient(parts.Azurite.ConnectionString, options), tables);
        await inventory.EnsureCreatedAsync();
        var now = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        const int total = 2000, renewalsDue = 20, remindersDue = 10, expired = 5;
        await Parallel.ForEachAsync(Enumerable.Range(0, total), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var item = new InventoryItem($"{prefix}-{i:D5}", "dv-single", [$"n{i}.sslflow.test"], "acme", DcvMethod.Http01, null, $"c{i}",
                KeyAlgorithm.EcP256, $"S{i}", now.AddDays(-60), now.AddDays(140), now.AddDays(1 + i % 90));
            item = i switch
            {
                < renewalsDue => item with { RenewAt = now.AddDays(-1).AddMinutes(i) },
                // needs a person and expires in 20 days: its 30-day reminder is due, its renewal moment is not
                < renewalsDue + remindersDue => item with { NeedsPerson = true, NotAfter = now.AddDays(20), RenewAt = now.AddDays(5) },
                < renewalsDue + remindersDue + expired => item with { NotBefore = now.AddDays(-91), NotAfter = now.AddHours(-1), RenewAt = now.AddDays(-30), Failures = 9 },
                // needs a person, but its first reminder is weeks away
                < 100 => item with { NeedsPerson = true },
                _ => item,
            };
            await inventory.UpsertAsync(item, ct);
        });

        wire.Reset();
        var found = await inventory.GetDueAsync(now, 1000, default);
        Assert.Equal(renewalsDue + remindersDue + expired, found.Count(f => f.CertificateId.StartsWith(prefix)));
        Assert.Equal(renewalsDue + remindersDue + expired, found.Count);
        Assert.Equal(found.Count, wire.Entities); // entities read on the wire = the due rows, not the inventory
        Assert.Equal(found.Count, inventory.LastDueRowsRead);
        Assert.True(wire.Entities < total / 20, $"read {wire.Entities} entities");
        Assert.All(found.Where(f => f.CertificateId.StartsWith(prefix)), f => Assert.True(RenewalPolicy.NextAttention(f) <= now));
    }

    /// <summary>Counts the entities in query responses for one table, as they arrive over HTTP.</summary>
    private sealed class EntityCountingPolicy(string table) : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        private int _entities;

        public int Entities => Volatile.Read(ref _entities);

        public void Reset() => Interlocked.Exchange(ref _entities, 0);

        public override void OnReceivedResponse(Azure.Core.HttpMessage message)
        {
            if (message.Request.Method != Azure.Core.RequestMethod.Get || !message.Request.Uri.Path.Contains($"/{table}()", StringComparison.Ordinal)) return;
            if (message.Response.Status != 200) return;
            using var json = JsonDocument.Parse(message.Response.Content.ToMemory());
            if (json.RootElement.TryGetProperty("value", out var value)) Interlocked.Add(ref _entities, value.GetArrayLength());
        }
    }

    private static async Task<InventoryItem> WaitForInventoryAsync(ICertificateInventory inventory, string orderId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100)) // the inventory write follows ACTIVE
        {
            if (await inventory.GetAsync(orderId, default) is { } item) return item;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("No inventory item.");
        }
    }

    private sealed record Mail(string Subject, string Text, int Attachments, JsonElement Raw);

    private async Task<List<Mail>> MailsTo(string address, int atLeast)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200)) // emails are the last steps of their orchestrations
        {
            var all = await parts.Mail.GetMessagesAsync();
            var mine = all.Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == address))
                .Select(m => new Mail(m.GetProperty("subject").GetString()!, m.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "",
                    m.TryGetProperty("attachments", out var a) && a.ValueKind == JsonValueKind.Array ? a.GetArrayLength() : 0, m))
                .ToList();
            if (mine.Count >= atLeast || DateTime.UtcNow > deadline) return mine;
        }
    }
}
