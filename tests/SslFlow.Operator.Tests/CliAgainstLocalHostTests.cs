using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using SslFlow.Cli;

namespace SslFlow.Operator.Tests;

/// <summary>The <c>sslflow</c> CLI (its real entry point, in-process) against a real local host over Pebble, Azurite and maildev.</summary>
[Collection(OperatorHostCollection.Name)]
public sealed partial class CliAgainstLocalHostTests(OperatorHostFixture host)
{
    [Fact]
    public async Task Order_wait_shows_progress_until_active_and_download_writes_the_chain_for_the_ordered_names()
    {
        var domain = OperatorHostFixture.NewDomain("cli");
        string[] names = [domain, "www." + domain];

        var order = await RunAsync("order", "--domain", names[0], "--domain", names[1], "--product", "dv-multi", "--dcv", "http-01",
            "--email", "ops@sslflow.test", "--wait", "--timeout", "120");

        Assert.True(order.Code == ExitCodes.Ok, order.ToString());
        var orderId = AcceptedLine().Match(order.Out).Groups[1].Value;
        Assert.NotEmpty(orderId);
        // Progress: one line per status the CLI saw, each a status the order really went through, ending ACTIVE.
        var progress = ProgressLine().Matches(order.Out).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(progress);
        Assert.Equal("ACTIVE", progress[^1]);
        var view = await host.GetOrderAsync(orderId);
        var transitions = view.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()!).Prepend("PENDING ACTIVATION").ToHashSet();
        Assert.Subset(transitions, progress.ToHashSet());
        Assert.Contains($"Download it with: sslflow download {orderId}", order.Out);

        var file = Path.Combine(Directory.CreateTempSubdirectory("sslflow-cli-").FullName, "chain.pem");
        var download = await RunAsync("download", orderId, "--out", file);

        Assert.True(download.Code == ExitCodes.Ok, download.ToString());
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await File.ReadAllTextAsync(file));
        Assert.Contains($"Wrote {chain.Count} certificate(s) to {file}", download.Out);
        Assert.True(chain.Count >= 2, $"leaf and issuer expected, got {chain.Count}");
        var leaf = chain[0];
        Assert.Equal(names.Order(), leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Order());
        Assert.Equal(view.GetProperty("serialNumber").GetString(), leaf.SerialNumber);
        Assert.DoesNotContain("PRIVATE KEY", await File.ReadAllTextAsync(file));
        using var root = await host.PebbleRootAsync();
        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.CustomTrustStore.Add(root);
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509.ChainPolicy.ExtraStore.AddRange(chain);
        Assert.True(x509.Build(leaf), string.Join("; ", x509.ChainStatus.Select(s => s.StatusInformation)));

        // Tracking by the CA reference finds the same order, with its timeline.
        var caReference = view.GetProperty("caReference").GetString()!;
        var track = await RunAsync("track", "--ca-reference", caReference, "--json");
        Assert.True(track.Code == ExitCodes.Ok, track.ToString());
        var tracked = JsonDocument.Parse(track.Out).RootElement;
        Assert.Equal(orderId, tracked.GetProperty("orderId").GetString());
        Assert.Equal("ACTIVE", tracked.GetProperty("status").GetString());
        Assert.NotEmpty(tracked.GetProperty("transitions").EnumerateArray());

        var status = await RunAsync("status", orderId);
        Assert.True(status.Code == ExitCodes.Ok, status.ToString());
        Assert.Matches(@"Status:\s+ACTIVE", status.Out);
        Assert.Contains("-> ACTIVE", status.Out);
    }

    [Fact]
    public async Task Reissue_adds_a_name_under_a_new_serial_and_revoke_ends_the_certificate()
    {
        var domain = OperatorHostFixture.NewDomain("clr");
        var order = await RunAsync("order", "--domain", domain, "--product", "dv-multi", "--wait", "--timeout", "120");
        Assert.True(order.Code == ExitCodes.Ok, order.ToString());
        var orderId = AcceptedLine().Match(order.Out).Groups[1].Value;
        var first = (await host.GetOrderAsync(orderId)).GetProperty("serialNumber").GetString();

        var reissue = await RunAsync("reissue", orderId, "--add-domain", "api." + domain);
        Assert.True(reissue.Code == ExitCodes.Ok, reissue.ToString());
        Assert.Contains($"Reissue accepted for order {orderId}", reissue.Out);
        var reissued = await host.WaitForOrderAsync(orderId, v => v.GetProperty("serialNumber").GetString() != first, TimeSpan.FromMinutes(2));
        Assert.Equal("ACTIVE", reissued.GetProperty("status").GetString());
        var file = Path.Combine(Directory.CreateTempSubdirectory("sslflow-cli-").FullName, "reissued.pem");
        Assert.Equal(ExitCodes.Ok, (await RunAsync("download", orderId, "--out", file)).Code);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await File.ReadAllTextAsync(file));
        Assert.Equal(new[] { "api." + domain, domain }.Order(), chain[0].Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Order());

        var badReason = await RunAsync("revoke", orderId, "--reason", "because");
        Assert.Equal(ExitCodes.Failed, badReason.Code);
        Assert.Contains("reason", badReason.Error);

        var revoke = await RunAsync("revoke", orderId, "--reason", "superseded");
        Assert.True(revoke.Code == ExitCodes.Ok, revoke.ToString());
        var revoked = await host.WaitForOrderAsync(orderId, v => v.GetProperty("status").GetString() is "REVOKED", TimeSpan.FromMinutes(1));
        Assert.Contains(revoked.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "REVOKED");
    }

    [Fact]
    public async Task Order_wait_times_out_with_exit_3_while_the_ca_waits_and_cancel_refunds_the_running_order()
    {
        // OV at the sandbox CA: nobody approves, so --wait runs out; the order is still running and can be cancelled.
        var domain = OperatorHostFixture.NewDomain("clc");
        var order = await RunAsync("order", "--domain", domain, "--product", "ov-single", "--dcv", "dns-01", "--wait", "--timeout", "3");
        Assert.True(order.Code == ExitCodes.TimedOut, order.ToString());
        Assert.Contains("after 3 s; follow it with: sslflow status", order.Error);
        var orderId = AcceptedLine().Match(order.Out).Groups[1].Value;
        await host.WaitForOrderAsync(orderId, v => v.GetProperty("caReference").ValueKind == JsonValueKind.String, TimeSpan.FromMinutes(1));

        var cancel = await RunAsync("cancel", orderId, "--reason", "Customer changed their mind");
        Assert.True(cancel.Code == ExitCodes.Ok, cancel.ToString());
        var refunded = await host.WaitForOrderAsync(orderId, v => v.GetProperty("status").GetString() is "REFUNDED", TimeSpan.FromMinutes(1));
        Assert.Contains(refunded.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "TO BE REFUNDED");

        var again = await RunAsync("cancel", orderId);
        Assert.Equal(ExitCodes.Failed, again.Code);
        Assert.Contains("409", again.Error);
    }

    [Theory]
    [InlineData(new[] { "order" }, "needs at least one --domain")]
    [InlineData(new[] { "order", "--domain", "a.example", "--colour", "red" }, "Unknown option --colour")]
    [InlineData(new[] { "order", "--domain", "a.example", "--timeout", "soon" }, "--timeout is a number of seconds")]
    [InlineData(new[] { "status" }, "'status' needs an order id")]
    [InlineData(new[] { "download", "a", "b" }, "'download' takes one order id")]
    [InlineData(new[] { "list", "--url", "ftp://host" }, "is not an http(s) URL")]
    [InlineData(new[] { "frobnicate" }, "Unknown command 'frobnicate'")]
    public async Task Usage_errors_exit_2_with_the_reason_and_touch_nothing(string[] args, string reason)
    {
        var run = await RunAsync(args);
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains(reason, run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Refusals_from_the_host_are_reported_with_the_problem_and_exit_code_1()
    {
        var badName = await RunAsync("order", "--domain", "*.wild.sslflow.test", "--product", "dv-single");
        Assert.Equal(ExitCodes.Failed, badName.Code);
        Assert.Contains("domains[0]", badName.Error);

        var unknown = await RunAsync("download", "ord-does-not-exist");
        Assert.Equal(ExitCodes.Failed, unknown.Code);
        Assert.Contains("no certificate to download", unknown.Error);

        var untracked = await RunAsync("track", "--ca-reference", "https://nowhere.example/order/1");
        Assert.Equal(ExitCodes.Failed, untracked.Code);
        Assert.Contains("no order has CA reference", untracked.Error);

        var wrongKey = await RunWithKeyAsync("not-the-key-not-the-key-not-the-key", "list");
        Assert.Equal(ExitCodes.Failed, wrongKey.Code);
        Assert.Contains("401", wrongKey.Error);
    }

    private Task<CliRun> RunAsync(params string[] args) => RunWithKeyAsync(host.ApiKey, args);

    private async Task<CliRun> RunWithKeyAsync(string key, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["SSLFLOW_URL"] = host.BaseUrl.ToString(), ["SSLFLOW_API_KEY"] = key };
        // Real time and real HTTP; the poll interval only sets how often --wait asks the host.
        var context = new CliContext(stdout, stderr, name => env.GetValueOrDefault(name), TimeProvider.System, TimeSpan.FromMilliseconds(200));
        var code = await CliApp.RunAsync(args, context);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    private sealed record CliRun(int Code, string Out, string Error)
    {
        public override string ToString() => $"exit {Code}\nstdout:\n{Out}\nstderr:\n{Error}";
    }

    [GeneratedRegex(@"^Order (ord-[0-9a-f]+) accepted", RegexOptions.Multiline)]
    private static partial Regex AcceptedLine();

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] ([A-Z ]+?)(?: —| \(|:|$)", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();
}
