using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Application.Renewal;
using SslFlow.DevStack;
using SslFlow.Contracts.Inventory;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// Issue 17 through the real local host: Pebble issues, the workflow installs on a real nginx (one per test, SNI site per
/// order), the check on the wire and <c>openssl s_client -servername</c> see the issued serial, maildev gets the confirmation.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class InstallationTests(LocalPartsFixture parts)
{
    private static Dictionary<string, string?> Settings(NginxRunner nginx, int retries = 0)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SslFlow:Installation:Nginx:NginxPath"] = nginx.NginxPath,
            ["SslFlow:Installation:Nginx:ConfigFile"] = nginx.ConfigFile,
            ["SslFlow:Installation:Nginx:Prefix"] = nginx.Prefix,
            ["SslFlow:Installation:Nginx:CertificateDirectory"] = nginx.CertificateDirectory,
            ["SslFlow:Installation:Nginx:ErrorLog"] = nginx.ErrorLogPath,
            ["SslFlow:Installation:Verifier:ConnectAddress"] = "127.0.0.1",
            ["SslFlow:Installation:Verifier:RetryInterval"] = "00:00:00.1",
            ["SslFlow:Installation:Workflow:VerifyWithin"] = "00:00:10",
        };
        // The backoff as a short setting: a broken configuration is retried every second while the test fixes it.
        for (var i = 0; i < retries; i++) settings[$"SslFlow:Installation:Workflow:RetryDelays:{i}"] = "00:00:01";
        return settings;
    }

    [Fact]
    public async Task A_dv_order_with_an_nginx_target_is_installed_verified_and_confirmed_and_its_renewal_is_reinstalled()
    {
        var domain = $"inst-{Guid.NewGuid():N}"[..17] + ".sslflow.test";
        var contact = $"{domain}@customers.test";
        await using var nginx = await NginxRunner.StartAsync([new NginxSite("shop", domain)]);
        var (app, http, _) = await parts.StartHostAsync(Settings(nginx));
        await using var _app = app;

        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new
        {
            domains = new[] { domain }, product = "dv-single", dcvMethod = "http-01", contactEmail = contact,
            installTargets = new[] { new { kind = "nginx", siteName = "shop", serverName = domain, port = nginx.Port } },
        });
        var view = await WaitForInstallationAsync(http, orderId, "installed");
        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        var serial = view.GetProperty("serialNumber").GetString()!;
        var installation = Assert.Single(view.GetProperty("installations").EnumerateArray());
        Assert.Equal($"nginx:shop:{domain}:{nginx.Port}", installation.GetProperty("target").GetString());
        Assert.Equal(serial, installation.GetProperty("serialNumber").GetString());
        Assert.Contains(view.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("cause").GetString() == "installed"
            && t.GetProperty("detail").GetString() == $"installed on {domain}:{nginx.Port}");
        Assert.True(SameSerial(serial, await OpensslServedSerialAsync(nginx, domain, serial)));
        var mails = await MailsToAsync(contact, m => m.Contains("installed", StringComparison.Ordinal));
        Assert.Contains(mails, m => m == $"Certificate for {domain} installed");

        // The renewal, started by the scheduler as in production, installs the new serial on the same target.
        var inventory = app.Services.GetRequiredService<ICertificateInventory>();
        var item = await inventory.GetAsync(orderId, default) ?? throw new InvalidOperationException("No inventory item.");
        var workflow = app.Services.GetRequiredService<DurableTaskClient>();
        var scheduler = new RenewalScheduler(inventory, workflow, new FakeTimeProvider(item.RenewAt.AddMinutes(1)), NullLogger<RenewalScheduler>.Instance);
        Assert.Equal(1, (await scheduler.RunAsync()).Started);
        var renewal = await workflow.WaitForInstanceCompletionAsync(RenewalScheduler.RenewalInstanceId(item)).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, renewal.RuntimeStatus);
        var after = JsonDocument.Parse(await http.GetStringAsync($"api/orders/{orderId}")).RootElement;
        var newSerial = after.GetProperty("serialNumber").GetString()!;
        Assert.NotEqual(serial, newSerial);
        var reinstalled = Assert.Single(after.GetProperty("installations").EnumerateArray());
        Assert.Equal(("installed", newSerial), (reinstalled.GetProperty("state").GetString(), reinstalled.GetProperty("serialNumber").GetString()));
        Assert.True(SameSerial(newSerial, await OpensslServedSerialAsync(nginx, domain, newSerial)));
    }

    [Fact]
    public async Task A_broken_nginx_configuration_is_rolled_back_shown_on_the_order_and_retried_once_fixed()
    {
        var domain = $"brk-{Guid.NewGuid():N}"[..16] + ".sslflow.test";
        await using var nginx = await NginxRunner.StartAsync([new NginxSite("shop", domain)]);
        var placeholder = await OpensslServedSerialAsync(nginx, domain);
        var include = Path.Combine(nginx.IncludeDirectory, "broken.conf");
        await File.WriteAllTextAsync(include, "this_is_not_an_nginx_directive on;\n"); // nginx -t fails from now on
        var (app, http, _) = await parts.StartHostAsync(Settings(nginx, retries: 60));
        await using var _app = app;

        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new
        {
            domains = new[] { domain }, product = "dv-single", dcvMethod = "http-01", contactEmail = $"{domain}@customers.test",
            installTargets = new[] { new { kind = "nginx", siteName = "shop", serverName = domain, port = nginx.Port } },
        });
        var failed = await WaitForInstallationAsync(http, orderId, "failed");
        Assert.Equal("ACTIVE", failed.GetProperty("status").GetString()); // still ACTIVE and downloadable
        var state = Assert.Single(failed.GetProperty("installations").EnumerateArray());
        Assert.Contains("nginx -t failed", state.GetProperty("detail").GetString());
        Assert.Contains(failed.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("cause").GetString() == "install-failed");
        Assert.Contains("BEGIN CERTIFICATE", await http.GetStringAsync($"api/orders/{orderId}/certificate"));
        Assert.True(SameSerial(placeholder, await OpensslServedSerialAsync(nginx, domain))); // rolled back: the previous certificate serves

        File.Delete(include); // fixed: the next retry installs it
        var installed = await WaitForInstallationAsync(http, orderId, "installed");
        var serial = installed.GetProperty("serialNumber").GetString()!;
        Assert.True(SameSerial(serial, await OpensslServedSerialAsync(nginx, domain, serial)));
        var mails = await MailsToAsync($"{domain}@customers.test", m => m.EndsWith(" installed", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.StartsWith("Installing the certificate", StringComparison.Ordinal)); // told once about the failure
    }

    [Fact]
    public async Task Install_targets_are_checked_at_ordering_with_problem_details_naming_the_field()
    {
        var (app, http, _) = await parts.StartHostAsync(new Dictionary<string, string?> { ["SslFlow:Installation:Nginx:ConfigFile"] = "/nonexistent/nginx.conf" });
        await using var _app = app;
        var response = await http.PostAsJsonAsync("api/orders", new
        {
            domains = new[] { "shop.sslflow.test" }, product = "dv-single", dcvMethod = "http-01",
            installTargets = new object[] { new { kind = "nginx", siteName = "shop", serverName = "other.sslflow.test", port = 70000 }, new { kind = "ftp" } },
        });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("installTargets[0].serverName", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("installTargets[0].port", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("installTargets[1].kind", out _), errors.ToString());
    }

    private static async Task<JsonElement> WaitForInstallationAsync(HttpClient http, string orderId, string state)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var view = await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
            if (view.TryGetProperty("installations", out var list) && list.ValueKind == JsonValueKind.Array
                && list.EnumerateArray().Any(i => i.GetProperty("state").GetString() == state)
                // The timeline entry follows the state by one activity.
                && view.GetProperty("transitions").EnumerateArray().Any(t => t.GetProperty("cause").GetString() == (state == "installed" ? "installed" : "install-failed"))) return view;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Order {orderId} has no installation '{state}'; last: {view}");
            await Task.Delay(100); // observing the host through its public API
        }
    }

    private async Task<List<string>> MailsToAsync(string address, Func<string, bool> until)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200)) // the email is the step's last activity
        {
            var subjects = (await parts.Mail.GetMessagesAsync())
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == address))
                .Select(m => m.GetProperty("subject").GetString()!).ToList();
            if (subjects.Any(until) || DateTime.UtcNow > deadline) return subjects;
        }
    }

    private static bool SameSerial(string a, string b) => string.Equals(a.TrimStart('0'), b.TrimStart('0'), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What <c>openssl s_client -servername</c> is served. Asked again (bounded) while it differs from <paramref name="expected"/>:
    /// right after a reload an old worker may still take a connection before it shuts down.
    /// </summary>
    private static async Task<string> OpensslServedSerialAsync(NginxRunner nginx, string serverName, string? expected = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"openssl s_client -connect 127.0.0.1:{nginx.Port} -servername {serverName} </dev/null 2>/dev/null | openssl x509 -noout -serial");
            using var process = Process.Start(info)!;
            var output = (await process.StandardOutput.ReadToEndAsync()).Trim();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0 && output.StartsWith("serial=", StringComparison.Ordinal), $"openssl failed: {output}");
            var served = output["serial=".Length..];
            if (expected is null || SameSerial(served, expected) || DateTime.UtcNow > deadline) return served;
        }
    }
}
