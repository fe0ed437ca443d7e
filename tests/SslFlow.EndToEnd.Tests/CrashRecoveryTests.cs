using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using SslFlow.DevStack;
using Xunit.Abstractions;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// The host process dies in the middle of an order (SIGKILL, no shutdown code) and is started again on the same
/// Azurite and vault folder: the order still reaches ACTIVE, with one certificate and one finalization at the CA.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed partial class CrashRecoveryTests(LocalPartsFixture parts, ITestOutputHelper output)
{
    public static TheoryData<string> CrashPoints() => new() { "SubmitOrder", "FinalizeOrder", "DownloadAndMerge" };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task Killed_right_after_an_activity_the_order_still_becomes_active_once(string crashAfter)
    {
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-crash-").FullName;
        var settings = parts.KillableSettings(data, port);
        await using var host = new HostProcess(settings, port, HostProcess.DevHost);
        using var http = parts.Client(port);

        await host.StartAsync(new Dictionary<string, string?> { [DevHost.FaultInjection.CrashSwitch.Setting] = crashAfter });
        var domain = $"crash-{Guid.NewGuid():N}"[..18] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain }, product = "dv-single", dcvMethod = "http-01" });
        await host.WaitForExitAsync(TimeSpan.FromMinutes(1)); // died after the activity's effect, before its result was journalled

        await host.StartAsync();
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        AssertOneCertificateAndOneFinalization(view, data, orderId);
    }

    [Fact]
    public async Task Killed_at_an_arbitrary_moment_the_order_still_becomes_active_once()
    {
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-kill-").FullName;
        await using var host = new HostProcess(parts.KillableSettings(data, port), port);
        using var http = parts.Client(port);
        await host.StartAsync();
        var domain = $"kill-{Guid.NewGuid():N}"[..17] + ".sslflow.test";
        // dns-01: the kill lands while the CA validates, and with http-01 the killed host is the web server it would
        // dial, so the CA would rightly fail the authorization (a CA outcome, not an engine one).
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain }, product = "dv-single", dcvMethod = "dns-01" });
        await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(1), "ACTIVATION IN PROGRESS", "ACTIVE");
        await host.KillAsync();

        await host.StartAsync();
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");
        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        AssertOneCertificateAndOneFinalization(view, data, orderId);
    }

    /// <summary>
    /// The issue's crash test: many orders run while the host is SIGKILLed again and again at moments a seeded RNG
    /// picks. A moment is a progress threshold over real signals (orders accepted by the API, orders created,
    /// finalized and issued in Pebble's own log) plus a random 0-250 ms after it, so kills land at every phase:
    /// intake, submit, validation, finalize, download/merge, and recovery itself. CI runs a smaller scale;
    /// <c>SSLFLOW_CRASH_FULL=1</c> runs 50 orders and 20 kills (<c>SSLFLOW_CRASH_ORDERS</c>, <c>SSLFLOW_CRASH_KILLS</c>,
    /// <c>SSLFLOW_CRASH_SEED</c> override). Orders use dns-01: with http-01 the killed process is also the web server
    /// the CA validates against, and a CA that finds it down rightly fails that authorization.
    /// </summary>
    [Fact]
    public async Task Orders_survive_repeated_random_kills_and_the_CA_finalizes_each_exactly_once()
    {
        var full = Environment.GetEnvironmentVariable("SSLFLOW_CRASH_FULL") == "1";
        var orders = EnvInt("SSLFLOW_CRASH_ORDERS", full ? 50 : 10);
        var kills = EnvInt("SSLFLOW_CRASH_KILLS", full ? 20 : 5);
        var seed = EnvInt("SSLFLOW_CRASH_SEED", 20261125);
        var rng = new Random(seed);
        output.WriteLine($"crash test: {orders} orders, {kills} kills, seed {seed}");

        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-kills-").FullName;
        var settings = parts.KillableSettings(data, port);
        await using var host = new HostProcess(settings, port);
        using var http = parts.Client(port);

        var logFrom = parts.Pebble.ReadLog().Length; // Pebble's log from here on is this test's (the collection runs one test at a time)
        var run = Guid.NewGuid().ToString("N")[..6];
        var domains = Enumerable.Range(0, orders).Select(i => $"k{run}-{i:D2}.sslflow.test").ToList();
        // Progress = accepted + created at the CA + finalized + issued: 4 per order when all goes well.
        var thresholds = Enumerable.Range(1, 4 * orders - 1).OrderBy(_ => rng.Next()).Take(kills).Order().ToList();
        var jitters = thresholds.Select(_ => rng.Next(0, 250)).ToList();

        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        var accepted = 0;
        var placing = Task.Run(async () =>
        {
            var ids = new string[orders];
            for (var i = 0; i < orders; i++)
            {
                ids[i] = await PlaceSurvivingRestartsAsync(http, domains[i], $"crash-{run}-{i}");
                Interlocked.Increment(ref accepted);
            }
            return ids;
        });
        int Progress()
        {
            var log = PebbleLogSince(logFrom);
            return Volatile.Read(ref accepted) + AddedOrder().Matches(log).Count + Finalization().Matches(log).Count + Issued().Matches(log).Count;
        }

        for (var k = 0; k < kills; k++)
        {
            await WaitUntilAsync(() => Progress() >= thresholds[k] || placing.IsFaulted, TimeSpan.FromMinutes(3), $"progress {thresholds[k]}");
            await Task.Delay(jitters[k]); // the random moment after the signal (chosen by the seeded RNG)
            var at = Progress();
            await host.KillAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1}s kill {k + 1}/{kills} at progress {at} (threshold {thresholds[k]} + {jitters[k]} ms)");
            await host.StartAsync();
        }
        var orderIds = await placing.WaitAsync(TimeSpan.FromMinutes(3));

        var views = new List<JsonElement>();
        foreach (var id in orderIds)
        {
            views.Add(await LocalPartsFixture.WaitForStatusAsync(http, id, TimeSpan.FromMinutes(3), "ACTIVE", "ACTIVATION ERROR", "REFUNDED", "TO BE REFUNDED"));
        }
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1}s all {orders} orders finished");

        // Every order ends as it would without crashes: ACTIVE, one certificate in the vault.
        Assert.All(views, v => Assert.Equal("ACTIVE", v.GetProperty("status").GetString()));
        for (var i = 0; i < orders; i++) Assert.Single(VaultChains(data, orderIds[i]));

        // The CA's own view (Pebble's log and management API): one finalization per order, of exactly the ACME
        // order each order recorded, and one certificate per name.
        var caLog = PebbleLogSince(logFrom);
        var finalized = Finalization().Matches(caLog).Select(m => m.Groups["order"].Value).ToList();
        var recorded = views.Select(v => v.GetProperty("caReference").GetString()!.Split('/')[^1]).ToList();
        Assert.Equal(orders, finalized.Count);
        Assert.Equal(recorded.Order(), finalized.Order());
        var issuedNames = new List<string>();
        foreach (Match m in Issued().Matches(caLog)) issuedNames.AddRange(await IssuedNamesAsync(m.Groups["serial"].Value));
        Assert.Equal(domains.Order(), issuedNames.Order());
        output.WriteLine($"CA: {AddedOrder().Matches(caLog).Count} orders created, {finalized.Count} finalized, {issuedNames.Count} certificates issued");
    }

    [Fact]
    public async Task Stopped_gracefully_mid_order_the_host_exits_cleanly_and_the_order_completes_after_restart()
    {
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-term-").FullName;
        await using var host = new HostProcess(parts.KillableSettings(data, port), port); // restarted: a stop can leave a dequeued message behind, as a kill does
        using var http = parts.Client(port);
        var logFrom = parts.Pebble.ReadLog().Length;
        await host.StartAsync();
        var domain = $"term-{Guid.NewGuid():N}"[..17] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain }, product = "dv-single", dcvMethod = "dns-01" });
        await WaitUntilAsync(() => AddedOrder().IsMatch(PebbleLogSince(logFrom)), TimeSpan.FromMinutes(1), "the order at the CA");

        var exitCode = await host.TerminateAsync(TimeSpan.FromSeconds(40)); // engine grace 10 s, within the host's 30 s shutdown timeout
        Assert.Equal(0, exitCode);

        await host.StartAsync();
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");
        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        AssertOneCertificateAndOneFinalization(view, data, orderId);
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    private string PebbleLogSince(int offset)
    {
        var log = parts.Pebble.ReadLog();
        return log.Length > offset ? log[offset..] : "";
    }

    /// <summary>POSTs with an idempotency key until the API accepts it; a request cut off by a kill is simply sent again.</summary>
    private static async Task<string> PlaceSurvivingRestartsAsync(HttpClient http, string domain, string idempotencyKey)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/orders")
                {
                    Content = JsonContent.Create(new { domains = new[] { domain }, product = "dv-single", dcvMethod = "dns-01" }),
                };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.Accepted) return JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetString()!;
                Assert.True((int)response.StatusCode >= 500, $"intake refused {domain}: {(int)response.StatusCode} {body}");
            }
            catch (HttpRequestException)
            {
                // the host is being killed or is starting again
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Order for {domain} was never accepted.");
            await Task.Delay(100); // waiting for another process to come back up
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) => // watching another process's log
        Polling.UntilAsync(() => Task.FromResult(condition()), timeout, TimeSpan.FromMilliseconds(100), () => $"Never reached {what}.");

    private static string[] VaultChains(string data, string orderId)
    {
        var folder = Directory.GetDirectories(Path.Combine(data, "vault")).Single(d => Path.GetFileName(d).Contains(orderId, StringComparison.OrdinalIgnoreCase));
        return Directory.GetFiles(folder, "*.chain.pem");
    }

    /// <summary>The DNS names of a certificate Pebble issued, from its management API (<c>/cert-status-by-serial</c>).</summary>
    private async Task<IReadOnlyList<string>> IssuedNamesAsync(string serial)
    {
        using var client = new HttpClient(parts.Pebble.CreateTrustingHandler());
        var status = await client.GetFromJsonAsync<JsonElement>(new Uri(parts.Pebble.ManagementUri, $"cert-status-by-serial/{serial}"));
        var pem = status.EnumerateObject().Select(p => p.Value).First(v => v.ValueKind == JsonValueKind.String && v.GetString()!.Contains("BEGIN CERTIFICATE")).GetString()!;
        using var certificate = X509Certificate2.CreateFromPem(pem);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        return san.EnumerateDnsNames().ToList();
    }

    [GeneratedRegex(@"Added order ""(?<order>[^""]+)"" to the db")]
    internal static partial Regex AddedOrder();

    [GeneratedRegex(@"Order (?<order>\S+) is fully authorized\. Processing finalization")]
    internal static partial Regex Finalization();

    [GeneratedRegex(@"Issued certificate serial (?<serial>[0-9a-fA-F]+) for order (?<order>\S+)")]
    internal static partial Regex Issued();

    private void AssertOneCertificateAndOneFinalization(JsonElement view, string data, string orderId)
    {
        var vaultFolder = Directory.GetDirectories(Path.Combine(data, "vault")).Single(d => Path.GetFileName(d).Contains(orderId, StringComparison.OrdinalIgnoreCase));
        Assert.Single(Directory.GetFiles(vaultFolder, "*.chain.pem"));
        var acmeOrderId = view.GetProperty("caReference").GetString()!.Split('/')[^1];
        Assert.Equal(1, parts.Pebble.FinalizationsOf(acmeOrderId));
    }
}
