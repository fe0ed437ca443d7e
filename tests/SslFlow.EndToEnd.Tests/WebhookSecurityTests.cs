using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.Application.Webhooks;
using SslFlow.DurableBridge;
using SslFlow.Domain.Webhooks;
using SslFlow.Contracts.Orders;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// <c>POST /api/webhooks/{ca}</c> through the real host with an order waiting at the real sandbox CA: forged, stale,
/// malformed, oversized and unknown-reference deliveries are refused with a clear 4xx and change nothing (order view,
/// audit trail, workflow events, receipts); a replayed id is acknowledged once and raised once.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class WebhookSecurityTests(LocalPartsFixture parts)
{
    [Fact]
    public async Task Forged_stale_malformed_oversized_and_unknown_reference_webhooks_get_a_4xx_and_change_nothing()
    {
        await using var host = await SandboxHost.StartAsync(parts);
        var (orderId, caReference, instance) = await PlaceWaitingOvOrderAsync(host);
        var before = await SnapshotAsync(host, orderId, instance);
        var secret = StandardWebhooks.ParseSecret(host.WebhookSecret);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var valid = Event("dcv.completed", caReference);
        var ids = new List<string>();
        string Id() { var id = "msg_" + Guid.NewGuid().ToString("N"); ids.Add(id); return id; }

        var cases = new List<(string Case, HttpStatusCode Expected, string Path, byte[] Body, Func<string, byte[], (string? Id, string? Ts, string? Sig)> Headers)>
        {
            ("forged (another secret)", HttpStatusCode.Unauthorized, "sandbox", valid, (id, b) => (id, $"{now}", StandardWebhooks.Sign(RandomNumberGenerator.GetBytes(32), id, now, b))),
            ("no signature", HttpStatusCode.Unauthorized, "sandbox", valid, (id, _) => (id, $"{now}", null)),
            ("body altered after signing", HttpStatusCode.Unauthorized, "sandbox", valid, (id, _) => (id, $"{now}", StandardWebhooks.Sign(secret, id, now, Event("issued", caReference)))),
            ("stale timestamp (6 min old)", HttpStatusCode.Unauthorized, "sandbox", valid, (id, b) => (id, $"{now - 360}", StandardWebhooks.Sign(secret, id, now - 360, b))),
            ("timestamp 6 min ahead", HttpStatusCode.Unauthorized, "sandbox", valid, (id, b) => (id, $"{now + 360}", StandardWebhooks.Sign(secret, id, now + 360, b))),
            ("no id", HttpStatusCode.Unauthorized, "sandbox", valid, (_, b) => (null, $"{now}", StandardWebhooks.Sign(secret, "", now, b))),
            ("malformed JSON, signed", HttpStatusCode.BadRequest, "sandbox", "{\"type\":\"dcv.completed\",\"caRef"u8.ToArray(), (id, b) => (id, $"{now}", StandardWebhooks.Sign(secret, id, now, b))),
            ("unknown event type, signed", HttpStatusCode.BadRequest, "sandbox", Event("dcv.maybe", caReference), (id, b) => (id, $"{now}", StandardWebhooks.Sign(secret, id, now, b))),
            ("oversized body, signed", HttpStatusCode.RequestEntityTooLarge, "sandbox", Event("dcv.completed", caReference, new string('x', WebhookOptions.MaxBodyBytes)), (id, b) => (id, $"{now}", StandardWebhooks.Sign(secret, id, now, b))),
            ("unknown CA reference, signed", HttpStatusCode.NotFound, "sandbox", Event("dcv.completed", "SB-NOSUCHORDER"), (id, b) => (id, $"{now}", StandardWebhooks.Sign(secret, id, now, b))),
            ("unknown CA", HttpStatusCode.NotFound, "nosuchca", valid, (id, b) => (id, $"{now}", StandardWebhooks.Sign(secret, id, now, b))),
        };
        foreach (var (name, expected, path, body, headers) in cases)
        {
            var (id, ts, sig) = headers(Id(), body);
            using var response = await PostAsync(host, path, body, id, ts, sig);
            Assert.True(expected == response.StatusCode, $"{name}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(problem.TryGetProperty("detail", out _) || problem.TryGetProperty("errors", out _), name);
        }

        Assert.Equal(before, await SnapshotAsync(host, orderId, instance));
        var receipts = new TableServiceClient(parts.Azurite.ConnectionString).GetTableClient("WebhookReceipts");
        foreach (var id in ids)
        {
            var key = Convert.ToHexString(Encoding.UTF8.GetBytes(id));
            Assert.False((await receipts.GetEntityIfExistsAsync<TableEntity>("sandbox", key)).HasValue, $"receipt stored for refused {id}");
        }
    }

    [Fact]
    public async Task A_replayed_webhook_id_is_acknowledged_once_and_raised_once()
    {
        await using var host = await SandboxHost.StartAsync(parts);
        var (_, caReference, instance) = await PlaceWaitingOvOrderAsync(host);
        var secret = StandardWebhooks.ParseSecret(host.WebhookSecret);
        var body = Event("dcv.completed", caReference);
        var id = "msg_" + Guid.NewGuid().ToString("N");

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using (var first = await PostAsync(host, "sandbox", body, id, $"{now}", StandardWebhooks.Sign(secret, id, now, body)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("accepted", JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }
        // The replay: same id, re-signed a moment later as a CA's retry would be.
        var later = now + 1;
        using (var replay = await PostAsync(host, "sandbox", body, id, $"{later}", StandardWebhooks.Sign(secret, id, later, body)))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal("duplicate", JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }
        // A sentinel with a fresh id: once the instance has received it, the earlier replay would have been received too.
        var sentinel = Event("ev.checks.completed", caReference);
        var sentinelId = "msg_" + Guid.NewGuid().ToString("N");
        using (var s = await PostAsync(host, "sandbox", sentinel, sentinelId, $"{now}", StandardWebhooks.Sign(secret, sentinelId, now, sentinel)))
        {
            Assert.Equal(HttpStatusCode.OK, s.StatusCode);
        }
        await WaitForEventAsync(host, instance, "ev.checks.completed");
        var history = await WaitForEventAsync(host, instance, "dcv.completed");
        Assert.Equal(1, OrchestrationHistory.EventsRaised(history, "dcv.completed"));
    }

    internal static byte[] Event(string type, string caReference, string? detail = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type, caReference, detail, occurredAt = DateTimeOffset.UtcNow });

    internal static async Task<HttpResponseMessage> PostAsync(SandboxHost host, string ca, byte[] body, string? id, string? timestamp, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/webhooks/{ca}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (id is not null) request.Headers.TryAddWithoutValidation("webhook-id", id);
        if (timestamp is not null) request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
        if (signature is not null) request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        using var anonymous = new HttpClient { BaseAddress = host.BaseUri }; // CAs do not hold our API keys
        return await anonymous.SendAsync(request);
    }

    /// <summary>An OV order at the sandbox (nothing approved): returns its id, CA reference and the workflow instance webhooks go to.</summary>
    internal static async Task<(string OrderId, string CaReference, string Instance)> PlaceWaitingOvOrderAsync(SandboxHost host, string product = "ov-single")
    {
        var domain = $"wh-{Guid.NewGuid():N}"[..15] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { domains = new[] { domain }, product, dcvMethod = "dns-01", contactEmail = "ops@sslflow.test" });
        var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVATION IN PROGRESS", "ACTIVATION ERROR");
        Assert.Equal("ACTIVATION IN PROGRESS", view.GetProperty("status").GetString());
        var caReference = view.GetProperty("caReference").GetString()!;
        Assert.StartsWith("SB-", caReference);
        var record = await host.App.Services.GetRequiredService<IOrderStore>().GetAsync(orderId, default);
        var instance = record!.WorkflowInstanceId!;
        return (orderId, caReference, instance);
    }

    private static async Task<string> SnapshotAsync(SandboxHost host, string orderId, string instance)
    {
        var view = await host.Http.GetStringAsync($"api/orders/{orderId}");
        var history = await host.Durable.GetHistoryAsync(instance);
        var raised = history.Count(e => e.TryGetProperty("EventType", out var t) && t.GetInt32() == (int)DurableTask.Core.History.EventType.EventRaised);
        return $"{view}\nevents raised: {raised}";
    }

    private static async Task<IReadOnlyList<JsonElement>> WaitForEventAsync(SandboxHost host, string instance, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var history = await host.Durable.GetHistoryAsync(instance);
            if (OrchestrationHistory.EventsRaised(history, name) > 0) return history;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} never reached {instance}'s journal.");
            await Task.Delay(50); // observing the instance's durable history through the framework's client
        }
    }
}
