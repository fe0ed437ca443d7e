using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.Activities.Orders;
using SslFlow.Adapters.Orders;
using SslFlow.Application.Webhooks;
using SslFlow.DevStack;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Webhooks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SslFlow.Bench;

/// <summary>
/// Benchmark 4: signed webhooks per second into the real local host (POST /api/webhooks/{ca}: verify, look up the CA
/// reference, record the receipt, raise the event) with p50/p99, each to its own order whose instance waits on
/// <c>dcv.completed</c>; against the limit: a route in the same host that only reads and verifies the signature.
/// </summary>
public static class WebhookBench
{
    public static async Task<string> RunAsync(BenchArgs args)
    {
        var count = args.Int("n", 1000);
        var concurrency = args.Int("concurrency", 16);
        var seconds = args.Int("seconds", 60);
        var secret = RandomNumberGenerator.GetBytes(32);
        await using var azurite = await AzuriteRunner.StartAllServicesAsync();
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-bench-").FullName;
        var settings = BenchHost.WithoutCa(azurite, port, data, "BenchHooks");
        settings["SslFlow:WebhookSecrets:bench:0"] = "whsec_" + Convert.ToBase64String(secret);
        var durable = BenchHost.DurableSettings(args);
        foreach (var (k, v) in durable) settings[k] = v;
        var traffic = new StorageTraffic().For(azurite);
        var app = BenchHost.Build(port, settings, services => traffic.Register(services, azurite.ConnectionString));
        app.MapPost("/bench/verify-only/{ca}", async (string ca, HttpRequest request, WebhookOptions options, WebhookVerifier verifier) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var verdict = verifier.Verify(options.Secrets[ca].Select(StandardWebhooks.ParseSecret).ToList(),
                request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], buffer.ToArray());
            return verdict.IsValid ? Results.Ok() : Results.Unauthorized();
        });
        // One storage round trip per webhook (verify, then the CA-reference lookup only): what Azurite allows per call.
        app.MapPost("/bench/one-lookup/{ca}", async (string ca, HttpRequest request, WebhookOptions options, WebhookVerifier verifier, TableOrderStore store, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            var verdict = verifier.Verify(options.Secrets[ca].Select(StandardWebhooks.ParseSecret).ToList(),
                request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], buffer.ToArray());
            if (!verdict.IsValid) return Results.Unauthorized();
            var caRef = System.Text.Json.JsonDocument.Parse(buffer.ToArray()).RootElement.GetProperty("caReference").GetString()!;
            return await store.FindOrderIdByCaReferenceAsync(caRef, ct) is null ? Results.NotFound() : Results.Ok();
        });
        // Marks the webhook endpoint's requests so the storage calls they make are counted apart from the engine's.
        app.Use(async (context, next) =>
        {
            StorageTraffic.InRequestScope.Value = context.Request.Path.StartsWithSegments("/api/webhooks");
            await next(context);
        });
        await app.StartAsync();
        var engineSettings = BenchHost.Describe(app.Services);
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        await BenchHost.WarmAsync(client);
        var orders = app.Services.GetRequiredService<TableOrderStore>();

        // Orders waiting for DCV: an order row with a CA reference and a live instance waiting on dcv.completed.
        var prefix = Guid.NewGuid().ToString("N")[..6];
        var setup = Stopwatch.StartNew();
        var refs = Enumerable.Range(0, count).Select(i => $"bench-{prefix}-{i:D5}").ToList();
        await Parallel.ForEachAsync(refs, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (caRef, ct) =>
        {
            var orderId = "o-" + caRef;
            var instanceId = "i-" + caRef;
            var now = DateTimeOffset.UtcNow;
            await client.ScheduleNewOrchestrationInstanceAsync(BenchHost.WaitingOrchestration, null, new StartOrchestrationOptions(instanceId), ct);
            await orders.CreateAsync(new OrderRecord(orderId, "dv-single", [caRef + ".sslflow.test"], "http-01", null, OrderStatus.PendingActivation, OrderSubStatus.None,
                now, now, "bench", WorkflowInstanceId: instanceId), ct);
            await orders.ApplyAsync(orderId, new OrderTransition(1, now, OrderStatus.PendingActivation, OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation,
                TransitionCauseKind.Submitted, OrderActor.System), new OrderUpdate(CaReference: caRef, WorkflowInstanceId: instanceId), ct);
        });
        var waiting = await WaitingBench.WaitUntilWaitingAsync(client, refs.Select(r => "i-" + r).ToList(), TimeSpan.FromSeconds(120));
        Console.Error.WriteLine($"setup: {count} orders, {waiting} waiting, {setup.Elapsed.TotalSeconds:F1}s");

        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        async Task<(LoadResult Result, double Requests, double AzuriteCpu, double SelfCpu)> Measure(string path, string idPrefix)
        {
            var (requests, azuriteCpu, selfCpu) = (traffic.Requests, ProcessCpu.Children().GetValueOrDefault("azurite"), ProcessCpu.Self());
            var result = await LoadAsync(port, path, refs, secret, concurrency, TimeSpan.FromSeconds(seconds), idPrefix);
            var s = result.Elapsed.TotalSeconds;
            return (result, (traffic.Requests - requests) / (double)Math.Max(1, result.Accepted),
                (ProcessCpu.Children().GetValueOrDefault("azurite") - azuriteCpu) / s, (ProcessCpu.Self() - selfCpu) / s);
        }
        var limitRun = await Measure("bench/verify-only/bench", "v");
        var lookupRun = await Measure("bench/one-lookup/bench", "l");
        traffic.InRequest.Reset();
        var realRun = await Measure("api/webhooks/bench", "w");
        var inRequest = traffic.InRequest.Snapshot();
        var (limit, real) = (limitRun.Result, realRun.Result);
        // Each accepted webhook completes its instance (the event is consumed by an episode): time until all did.
        var done = Stopwatch.StartNew();
        var completed = 0;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(seconds, 90))))
        {
            try
            {
                foreach (var r in refs.Take(real.Accepted))
                {
                    await client.WaitForInstanceCompletionAsync("i-" + r, cts.Token);
                    completed++;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (completed < real.Accepted)
        {
            var stuck = await client.GetInstanceAsync("i-" + refs[completed]);
            Console.Error.WriteLine($"not completed: i-{refs[completed]} {stuck?.RuntimeStatus} {stuck?.SerializedCustomStatus} {stuck?.FailureDetails}");
        }
        var drainSeconds = real.Elapsed.TotalSeconds + done.Elapsed.TotalSeconds;
        await app.StopAsync();
        await app.DisposeAsync();

        string Row(string what, (LoadResult Result, double Requests, double AzuriteCpu, double SelfCpu) m)
        {
            var r = m.Result;
            return $"| {what} | {r.Sent} | {r.Accepted} | {r.Elapsed.TotalSeconds:F2} | {r.Accepted / r.Elapsed.TotalSeconds:F0} | {r.P50:F1} | {r.P99:F1} | {r.Accepted / r.Elapsed.TotalSeconds / (limit.Accepted / limit.Elapsed.TotalSeconds):P1} | {m.Requests:F1} | {m.SelfCpu:P0} | {m.AzuriteCpu:P0} |";
        }
        return Machine.Header("4. Webhook ingestion (signed, loopback)") + $"""

            Load average at the start (1/5/15 min): {string.Join(" / ", load)}. In-repo load generator (HttpClient in the same process, {concurrency} concurrent senders, at most {count} webhooks and {seconds} s per run), Standard Webhooks signature (StandardWebhooks.Sign) on each.
            `POST /api/webhooks/bench` is the real host's endpoint: verify → CA reference → order (TableOrderStore) → receipt (TableWebhookReceipts) → TryRaiseEventAsync (instance status, then the event message onto the instance's control queue) into an instance waiting on `dcv.completed`; every webhook goes to a different waiting order.
            The limit is a route added to the same host that only reads the body and verifies the signature; a second added route also makes the endpoint's first storage call (the CA-reference read) and nothing else, to show what one Azurite round trip per webhook allows. Store: Azurite (blob+queue+table, in memory), the Durable Task Framework's Azure Storage provider with {engineSettings}.

            | endpoint | sent | 200 OK | seconds | webhooks/s | p50 ms | p99 ms | vs limit | Azurite requests per webhook | bench process CPU | Azurite CPU |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            {Row("verify only (the limit)", limitRun)}
            {Row("verify + one Azurite read (CA reference lookup), nothing else", lookupRun)}
            {Row("POST /api/webhooks/{ca} (raise event)", realRun)}

            Azurite requests per webhook count every storage request the host made during the run (the endpoint's own calls, and the Durable Task Framework's queue polls and episodes that consume the events meanwhile). CPU is % of one core.

            Storage calls made inside the webhook requests (counted per request by an AsyncLocal flag set for `/api/webhooks/*`), per accepted webhook — the cost of accepting one; ms per call is the latency under this load ({concurrency} at once):

            | storage request | calls per accepted webhook | ms per call |
            |---|---:|---:|
            {string.Join("\n", inRequest.Categories.Select(c => (c, inRequest.Get(c))).Select(x => $"| {x.c} | {x.Item2.Count / (double)Math.Max(1, real.Accepted):F2} | {x.Item2.Total.TotalMilliseconds / Math.Max(1, x.Item2.Count):F1} |"))}
            | **total** | **{inRequest.Categories.Sum(c => inRequest.Get(c).Count) / (double)Math.Max(1, real.Accepted):F2}** | |

            Instances that consumed their event and completed: {completed} of {real.Accepted}, all within {drainSeconds:F1} s of the first webhook ({completed / drainSeconds:F0} events/s end to end).
            """;
    }

    private sealed record LoadResult(int Sent, int Accepted, TimeSpan Elapsed, double P50, double P99);

    private static async Task<LoadResult> LoadAsync(int port, string path, List<string> refs, byte[] secret, int concurrency, TimeSpan limit, string idPrefix)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };
        // Warm-up: one request (JIT, connection) outside the measurement; it goes to an unknown reference (404).
        await SendAsync(http, path, "warm-" + Guid.NewGuid().ToString("N"), "no-such-ref", secret);
        var latencies = new List<double>(refs.Count);
        int next = -1, accepted = 0, sent = 0;
        using var cts = new CancellationTokenSource(limit);
        var sw = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= refs.Count) return;
                var start = Stopwatch.GetTimestamp();
                var status = await SendAsync(http, path, $"{idPrefix}-{refs[i]}", refs[i], secret);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Increment(ref sent);
                if (status == HttpStatusCode.OK) Interlocked.Increment(ref accepted);
                else Console.Error.WriteLine($"{path} {refs[i]}: {(int)status}");
                lock (latencies) latencies.Add(ms);
            }
        })).ToList();
        await Task.WhenAll(workers);
        var elapsed = sw.Elapsed;
        latencies.Sort();
        return new LoadResult(sent, accepted, elapsed, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string path, string id, string caRef, byte[] secret)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"type":"dcv.completed","caReference":"{{caRef}}","detail":"bench"}""");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardWebhooks.Sign(secret, id, timestamp, body));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
