using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.DevStack;
using Microsoft.DurableTask.Client;
using SslFlow.DevHost.LocalStack;

namespace SslFlow.Bench;

/// <summary>
/// Benchmark 1: N DV certificates by http-01 from one Pebble — SslFlow (the local host, orders placed at once over its
/// API and run concurrently by the engine) against Debian's lego and certbot issuing the same N names from the same
/// Pebble, one certificate per invocation, one at a time (their standalone servers take Pebble's http-01 port).
/// </summary>
public static class IssuanceBench
{
    private static readonly string[] PebbleActivities = ["SubmitOrder", "StartValidation", "CheckCaOrder", "FinalizeOrder", "DownloadAndMerge"];
    private static readonly string[] StoreActivities = ["RecordOrder", "RecordTransition", "PublishChallenges", "RemoveChallenges", "UpdateInventory"];

    public static async Task<string> RunAsync(BenchArgs args)
    {
        var count = args.Int("n", 50);
        var timeout = TimeSpan.FromSeconds(args.Int("seconds", 300));
        var clients = (args.String("clients") ?? "sslflow,lego,certbot").Split(',');
        var names = Enumerable.Range(0, count).Select(i => $"n{i:D3}.issuance.sslflow.test").ToList();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];

        var http01Port = FreePort.Next();
        await using var pebble = await PebbleRunner.StartAsync(http01Port);
        // Peers first, SslFlow last: on a shared machine the later minutes are the quieter ones, and SslFlow's run is the
        // one that load moves most (lego's and certbot's wall time is mostly their own fixed poll waits).
        var runs = new List<ClientRun>();
        SslFlowDetail? detail = null;
        if (clients.Contains("lego")) runs.Add(await RunPeerAsync("lego", pebble, names, timeout, LegoArgs));
        if (clients.Contains("certbot")) runs.Add(await RunPeerAsync("certbot", pebble, names, timeout, CertbotArgs));
        if (clients.Contains("sslflow"))
        {
            (var run, detail) = await RunSslFlowAsync(pebble, names, timeout, args.Int("sequential", 5), BenchHost.DurableSettings(args));
            runs.Insert(0, run);
        }

        var baseline = runs[0];
        var rows = runs.Select(r =>
            $"| {r.Client} | {r.How} | {r.Issued}/{count} | {r.Wall.TotalSeconds:F1} | {r.Wall.TotalSeconds / Math.Max(1, r.Issued):F2} | {r.Wall / baseline.Wall:F2}x | {r.ClientCpu:F1} | {r.PebbleCpu:F1} | {r.AzuriteCpu:F1} |");
        var text = Machine.Header($"1. End-to-end issuance ({count} DV certificates, http-01, one Pebble)") + $"""

            Load average at the start (1/5/15 min): {string.Join(" / ", load)}. Pebble {PebbleDescription}; every client registers its own ACME account with the same EAB key (Pebble is started with EAB required, for all three alike),
            orders ECDSA P-256 keys, and serves http-01 on the one port Pebble dials ({http01Port}). Names `n000…n{count - 1:D3}.issuance.sslflow.test`, the same for each client; pebble-challtestsrv resolves them to 127.0.0.1.
            SslFlow: the local host in the bench process, its workflow on the Durable Task Framework + Azure Storage provider over Azurite (blob+queue+table, in memory), {_durable}; maildev for the customer emails; all {count} orders POSTed at once, timed until the status API lists all ACTIVE.
            Order of the runs: lego, certbot, then SslFlow, against the one Pebble. lego / certbot: one process per certificate (`lego run`, `certbot certonly --standalone`), sequentially, timed from the first start to the last exit. CPU = user+system seconds over the run.

            | client | how | issued | wall s | wall s per certificate | wall vs SslFlow | client CPU s | Pebble CPU s | Azurite CPU s |
            |---|---|---:|---:|---:|---:|---:|---:|---:|
            {string.Join("\n", rows)}
            """;
        if (detail is not null) text += "\n\n" + detail.Render(count);
        return text;
    }

    private static string _durable = "";

    private const string PebbleDescription = "with `PEBBLE_VA_NOSLEEP=1`, its default 5% badNonce rejection and 50% authorization reuse left on (each client still has its own account)";

    private sealed record ClientRun(string Client, string How, int Issued, TimeSpan Wall, double ClientCpu, double PebbleCpu, double AzuriteCpu);

    private sealed record SslFlowDetail(Timings Timings, Timings Storage, List<double> LatenciesSeconds, List<double> IntakeMs, TimeSpan Wall, TimeSpan AllCompleted, int Completed, long TablesRequests, List<double> Single, double[] SingleParts)
    {
        public string Render(int count)
        {
            double PerOrderMs(IEnumerable<string> categories) => Timings.Sum(categories).TotalMilliseconds / count;
            var framework = Storage.Categories.Where(StorageTraffic.IsFramework).ToList();
            var engine = Storage.Sum(framework).TotalMilliseconds / count;
            var frameworkCalls = framework.Sum(c => Storage.Get(c).Count) / (double)count;
            var appCalls = Storage.Categories.Where(c => !StorageTraffic.IsFramework(c)).Sum(c => Storage.Get(c).Count) / (double)count;
            var storeActivities = PerOrderMs(StoreActivities.Select(a => "activity." + a));
            var pebble = PerOrderMs(PebbleActivities.Select(a => "activity." + a));
            var keys = PerOrderMs(["activity.CreateCsr"]);
            var email = PerOrderMs(["activity.NotifyCustomer"]);
            var check = Timings.Get("activity.CheckCaOrder");
            LatenciesSeconds.Sort();
            IntakeMs.Sort();
            var lines = Timings.Categories.Select(c =>
            {
                var (n, failed, total) = Timings.Get(c);
                return $"| {c} | {n} | {failed} | {total.TotalMilliseconds / Math.Max(1, n):F2} | {total.TotalMilliseconds / count:F1} |";
            });
            var storageLines = Storage.Categories.OrderByDescending(c => Storage.Get(c).Total).Select(c =>
            {
                var (n, failed, total) = Storage.Get(c);
                return $"| {(StorageTraffic.IsFramework(c) ? "task hub" : "service tables")} | {c} | {n / (double)count:F1} | {failed} | {total.TotalMilliseconds / Math.Max(1, n):F2} | {total.TotalMilliseconds / count:F1} |";
            });
            return $"""
                #### SslFlow, where an order's time goes

                Summed over all calls (concurrent calls overlap, so the per-order sums exceed the wall time per certificate), divided by {count} orders.
                Engine+store = the Durable Task Framework's storage requests to its task hub (control and work-item queues: send, dequeue, delete, visibility updates; History and Instances tables; lease blobs), timed per HTTP request as the framework's clients send them, + the activities that only write the service's tables (order record and transitions, http-01 tokens, inventory). Replay itself is CPU in the bench process (see client CPU above), not separately timed.

                | part | ms per order |
                |---|---:|
                | **engine+store (not Pebble, not key generation)** | **{engine + storeActivities:F1}** |
                | — engine: task hub storage requests ({frameworkCalls:F0} per order) | {engine:F1} |
                | — activities writing Tables | {storeActivities:F1} |
                | Pebble (submit, answer challenge, poll, finalize, download+merge) | {pebble:F1} |
                | key pair + CSR in the local vault | {keys:F1} |
                | customer emails (SMTP to maildev) | {email:F1} |

                One order at a time on the same warm host ({Single.Count} orders, POST → ACTIVE, status polled every 100 ms): mean {(Single.Count > 0 ? Single.Average() : double.NaN):F2} s, min {(Single.Count > 0 ? Single.Min() : double.NaN):F2} s, max {(Single.Count > 0 ? Single.Max() : double.NaN):F2} s — compare with lego's and certbot's wall s per certificate.
                Where a single order's time goes (POST → seen ACTIVE, mean over the {Single.Count}; parts run one after another, since each step waits for the previous): activities {SingleParts[0] / Math.Max(1, Single.Count):F0} ms (of which Pebble {SingleParts[1] / Math.Max(1, Single.Count):F0} ms); {SingleParts[2] / Math.Max(1, Single.Count):F0} task hub storage requests that moved work (not counting {SingleParts[5] / Math.Max(1, Single.Count):F0} queue polls that found nothing) taking {SingleParts[3] / Math.Max(1, Single.Count):F0} ms summed (some overlap: the framework works its queues concurrently); {SingleParts[4] / Math.Max(1, Single.Count):F0} requests to the service's tables (inside the activities, plus the bench's status polls); the rest of the {(Single.Count > 0 ? Single.Average() * 1000 : double.NaN):F0} ms is the hops between them: a message waits in its queue until the next poll, whose back-off grows to MaxQueuePollingInterval while the queue is empty, and the 100 ms status polling of the client.
                Order latency (POST → listed ACTIVE, all {count} at once): p50 {Stats.Percentile(LatenciesSeconds, 50):F1} s, max {LatenciesSeconds.LastOrDefault():F1} s; POST /api/orders p50 {Stats.Percentile(IntakeMs, 50):F0} ms, max {IntakeMs.LastOrDefault():F0} ms.
                Azurite requests until all were ACTIVE: {TablesRequests / (double)count:F0} per order ({frameworkCalls:F0} by the task hub, {appCalls:F0} to the service's tables, including the bench's status polls of the API).
                CheckCaOrder ran {check.Count} times, {check.Failed} of them failed.
                All {Completed}/{count} orchestrations completed (after the "issued" email) {AllCompleted.TotalSeconds:F1} s after the first POST.

                <details><summary>every timed part</summary>

                | part | calls | failed | ms per call | ms per order |
                |---|---:|---:|---:|---:|
                {string.Join("\n", lines)}

                </details>

                <details><summary>every storage request until all were ACTIVE, by kind</summary>

                | owner | request | per order | failed | ms per call | ms per order |
                |---|---|---:|---:|---:|---:|
                {string.Join("\n", storageLines)}

                </details>
                """;
        }
    }

    private static async Task<(ClientRun, SslFlowDetail)> RunSslFlowAsync(PebbleRunner pebble, List<string> names, TimeSpan timeout, int sequential,
        IDictionary<string, string?> durable)
    {
        await using var azurite = await AzuriteRunner.StartAllServicesAsync();
        await using var mail = await MailDevRunner.StartAsync();
        var data = Directory.CreateTempSubdirectory("sslflow-bench-issuance-").FullName;
        var apiPort = FreePort.Next();
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var settings = HostSettings.For(azurite, pebble, mail, data, apiPort, apiKey, new Dictionary<string, string?>(durable) { ["Logging:LogLevel:SslFlow"] = "Warning" });
        settings["SslFlow:TaskHub"] = "BenchIssue";
        var timings = new Timings();
        var traffic = new StorageTraffic().For(azurite);
        await using var app = SslFlow.LocalHost.LocalHostProgram.Build(["--urls", $"http://127.0.0.1:{apiPort}"], c => c.AddInMemoryCollection(settings), services =>
        {
            BenchHost.AddBenchOrchestrations(services);
            TimedActivities.Register(services, timings);
            traffic.Register(services, azurite.ConnectionString);
        });
        await app.StartAsync();
        _durable = BenchHost.Describe(app.Services);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        await http.GetAsync("healthz");
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        await BenchHost.WarmAsync(client); // partition leases: the first orchestration after a start waits for them
        timings.Reset();
        traffic.Calls.Reset();

        var requests0 = traffic.Requests;
        var cpu0 = Cpu();
        var sw = Stopwatch.StartNew();
        var intake = new List<double>();
        var ids = await Task.WhenAll(names.Select(async name =>
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("api/orders", new { domains = new[] { name }, product = "dv-single", dcvMethod = "http-01", contactEmail = "bench@sslflow.test", keyAlgorithm = "EcP256" });
            lock (intake) intake.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"order for {name} refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        }));

        var activeAt = new Dictionary<string, double>(StringComparer.Ordinal);
        while (activeAt.Count < ids.Length && sw.Elapsed < timeout)
        {
            var list = await http.GetFromJsonAsync<JsonElement>("api/orders?status=ACTIVE&pageSize=1000");
            foreach (var o in list.GetProperty("orders").EnumerateArray()) activeAt.TryAdd(o.GetProperty("orderId").GetString()!, sw.Elapsed.TotalSeconds);
            if (activeAt.Count < ids.Length) await Task.Delay(200); // the client watching the status API polls; 200 ms is the resolution
        }
        var wall = sw.Elapsed;
        var cpu1 = Cpu();
        var requests = traffic.Requests - requests0;
        if (activeAt.Count < ids.Length)
        {
            var errors = await http.GetFromJsonAsync<JsonElement>("api/orders?status=ACTIVATION%20ERROR&pageSize=5");
            Console.Error.WriteLine($"sslflow: {activeAt.Count}/{ids.Length} ACTIVE after {timeout.TotalSeconds:F0} s; errors: {errors}");
        }

        var storage = traffic.Calls.Snapshot();
        var completed = 0;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                foreach (var id in ids)
                {
                    await client.WaitForInstanceCompletionAsync(id, cts.Token);
                    completed++;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        var allCompleted = sw.Elapsed;
        var batchTimings = timings.Snapshot();

        // The same host, warm, one order at a time: the latency of a single order, comparable to one lego/certbot run.
        var single = new List<double>();
        var singleParts = new double[6]; // activities ms, of which Pebble ms, task hub requests, their ms, service-table requests, empty queue polls
        static bool Working(string c) => StorageTraffic.IsFramework(c) && !c.EndsWith("(empty)", StringComparison.Ordinal);
        double[] Parts() =>
        [
            timings.Categories.Where(c => c.StartsWith("activity.", StringComparison.Ordinal)).Sum(c => timings.Get(c).Total.TotalMilliseconds),
            PebbleActivities.Sum(a => timings.Get("activity." + a).Total.TotalMilliseconds),
            traffic.Calls.Categories.Where(Working).Sum(c => traffic.Calls.Get(c).Count),
            traffic.Calls.Categories.Where(Working).Sum(c => traffic.Calls.Get(c).Total.TotalMilliseconds),
            traffic.Calls.Categories.Where(c => !StorageTraffic.IsFramework(c)).Sum(c => traffic.Calls.Get(c).Count),
            traffic.Calls.Categories.Where(c => c.EndsWith("(empty)", StringComparison.Ordinal)).Sum(c => traffic.Calls.Get(c).Count),
        ];
        foreach (var name in names.Take(sequential))
        {
            var before = Parts();
            var one = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("api/orders", new { domains = new[] { name }, product = "dv-single", dcvMethod = "http-01", contactEmail = "bench@sslflow.test", keyAlgorithm = "EcP256" });
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
            while (one.Elapsed < TimeSpan.FromSeconds(60))
            {
                var view = await http.GetFromJsonAsync<JsonElement>($"api/orders/{id}");
                if (view.GetProperty("status").GetString() is "ACTIVE" or "ACTIVATION ERROR") break;
                await Task.Delay(100); // status polling, as a client would; 100 ms is the resolution
            }
            single.Add(one.Elapsed.TotalSeconds);
            var after = Parts();
            for (var k = 0; k < singleParts.Length; k++) singleParts[k] += after[k] - before[k];
            await client.WaitForInstanceCompletionAsync(id); // let its last email go before the next order
        }
        await app.StopAsync();
        Console.Error.WriteLine($"sslflow: {activeAt.Count} ACTIVE in {wall.TotalSeconds:F1} s");
        var run = new ClientRun("SslFlow", $"local host, {names.Count} orders at once", activeAt.Count, wall, cpu1.Self - cpu0.Self, cpu1.Pebble - cpu0.Pebble, cpu1.Azurite - cpu0.Azurite);
        return (run, new SslFlowDetail(batchTimings, storage, activeAt.Values.ToList(), intake, wall, allCompleted, completed, requests, single, singleParts));
    }

    private static IEnumerable<string> LegoArgs(PebbleRunner pebble, string dir, string name, bool first) =>
    [
        "--accept-tos", "--server", pebble.DirectoryUri.ToString(), "--email", "bench@sslflow.test",
        "--eab", "--kid", pebble.EabKeyId, $"--hmac={pebble.EabHmacKey}", "--key-type", "ec256", "--path", dir,
        "--http", "--http.port", $"127.0.0.1:{pebble.Http01Port}", "--domains", name, "run",
    ];

    private static IEnumerable<string> CertbotArgs(PebbleRunner pebble, string dir, string name, bool first) =>
    [
        "certonly", "--standalone", "--non-interactive", "--agree-tos", "--no-eff-email", "-m", "bench@sslflow.test",
        "--server", pebble.DirectoryUri.ToString(), "--eab-kid", pebble.EabKeyId, $"--eab-hmac-key={pebble.EabHmacKey}",
        "--config-dir", Path.Combine(dir, "config"), "--work-dir", Path.Combine(dir, "work"), "--logs-dir", Path.Combine(dir, "logs"),
        "--http-01-port", pebble.Http01Port.ToString(), "--http-01-address", "127.0.0.1", "--key-type", "ecdsa", "--elliptic-curve", "secp256r1", "-d", name,
    ];

    private static async Task<ClientRun> RunPeerAsync(string tool, PebbleRunner pebble, List<string> names, TimeSpan timeout,
        Func<PebbleRunner, string, string, bool, IEnumerable<string>> arguments)
    {
        var dir = Directory.CreateTempSubdirectory($"sslflow-bench-{tool}-").FullName;
        var cpu0 = Cpu();
        var sw = Stopwatch.StartNew();
        var issued = 0;
        for (var i = 0; i < names.Count && sw.Elapsed < timeout; i++)
        {
            var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            foreach (var a in arguments(pebble, dir, names[i], i == 0)) psi.ArgumentList.Add(a);
            // The HMAC key is base64url and may start with "-": passed as --flag=value so it is not read as an option.
            // Trust Pebble's self-signed TLS certificate: lego reads LEGO_CA_CERTIFICATES, certbot (requests) REQUESTS_CA_BUNDLE.
            psi.Environment["LEGO_CA_CERTIFICATES"] = pebble.TlsCertificatePath;
            psi.Environment["REQUESTS_CA_BUNDLE"] = pebble.TlsCertificatePath;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1") Console.Error.WriteLine($"{tool} {names[i]}:\n{await stdout}\n{await stderr}");
            if (p.ExitCode == 0) issued++;
            else Console.Error.WriteLine($"{tool} {names[i]}: exit {p.ExitCode}\n{Tail(await stdout)}\n{Tail(await stderr)}");
        }
        var wall = sw.Elapsed;
        var cpu1 = Cpu();
        Console.Error.WriteLine($"{tool}: {issued} issued in {wall.TotalSeconds:F1} s");
        var how = tool == "lego" ? "`lego run` per name, one at a time" : "`certbot certonly --standalone` per name, one at a time";
        var version = tool == "lego" ? "lego" : "certbot";
        return new ClientRun($"{version} {Machine.Package(tool)}", how, issued, wall, cpu1.Reaped - cpu0.Reaped, cpu1.Pebble - cpu0.Pebble, 0);
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(8));

    private static (double Self, double Reaped, double Pebble, double Azurite) Cpu()
    {
        var children = ProcessCpu.Children();
        return (ProcessCpu.Self(), ProcessCpu.Reaped(), children.GetValueOrDefault("pebble"), children.GetValueOrDefault("azurite"));
    }
}
