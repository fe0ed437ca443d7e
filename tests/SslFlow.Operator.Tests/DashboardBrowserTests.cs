using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SslFlow.DevStack;
using Xunit.Abstractions;

namespace SslFlow.Operator.Tests;

/// <summary>
/// The dashboard in Debian's chromium (headless, driven by playwright-core from node) against a real local host over
/// Pebble, Azurite and maildev. Screenshots are kept in <c>.artifacts/operator/</c>.
/// </summary>
[Collection(OperatorHostCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DashboardBrowserTests(OperatorHostFixture host, ITestOutputHelper output)
{
    [Fact]
    public async Task Orders_placed_through_the_page_reach_active_with_their_timeline_search_expiry_download_cancel_resend_and_sandbox_approval()
    {
        var domain = OperatorHostFixture.NewDomain("ui");
        var artifacts = Directory.CreateDirectory(Path.Combine(RepoPaths.Root(), ".artifacts", "operator")).FullName;
        var screenshot = Path.Combine(artifacts, "dashboard-order-timeline.png");
        var expiringScreenshot = Path.Combine(artifacts, "dashboard-expiring.png");
        var ovScreenshot = Path.Combine(artifacts, "dashboard-sandbox-ov-order.png");
        var ovDomain = OperatorHostFixture.NewDomain("ov");
        foreach (var png in new[] { screenshot, expiringScreenshot, ovScreenshot }) File.Delete(png);

        var seen = await RunScriptAsync("dashboard-order.mjs", new()
        {
            ["SSLFLOW_BASE_URL"] = host.BaseUrl.ToString(),
            // The operator's key: the sandbox approve/reject actions are operators' only (issue 26 item 12).
            ["SSLFLOW_API_KEY"] = host.OperatorKey,
            ["SSLFLOW_DOMAIN"] = domain,
            ["SSLFLOW_SCREENSHOT"] = screenshot,
            ["SSLFLOW_SCREENSHOT_EXPIRING"] = expiringScreenshot,
            ["SSLFLOW_OV_DOMAIN"] = ovDomain,
            ["SSLFLOW_SCREENSHOT_OV"] = ovScreenshot,
        });

        // Protected like the API: sign-in first, a wrong key refused, the key only in this tab's session storage.
        Assert.True(seen.GetProperty("signInShownFirst").GetBoolean());
        Assert.Equal("signed-out", seen.GetProperty("stateAfterWrongKey").GetString());
        Assert.Contains("not accepted", seen.GetProperty("wrongKeyMessage").GetString());
        var storage = seen.GetProperty("storage");
        Assert.True(storage.GetProperty("sessionHoldsKey").GetBoolean());
        Assert.Equal(0, storage.GetProperty("localLength").GetInt32());
        Assert.Equal("", storage.GetProperty("cookie").GetString());
        Assert.False(storage.GetProperty("urlHoldsKey").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("sessionAfterSignOut").ValueKind);
        Assert.Empty(seen.GetProperty("foreignRequests").EnumerateArray());
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());

        // The order the page placed exists at the API and went through the statuses the page showed.
        var orderId = seen.GetProperty("orderId").GetString()!;
        var statuses = Strings(seen.GetProperty("statuses"));
        Assert.Equal("ACTIVE", statuses[^1]);
        Assert.Subset(new HashSet<string> { "PENDING ACTIVATION", "ACTIVATION IN PROGRESS", "ACTIVE" }, statuses.ToHashSet());
        // Not an exact count: other tests place orders on the same store (the old exact check failed one CI run in two).
        Assert.Equal("ACTIVE", seen.GetProperty("rowStatusAfter").GetString());
        Assert.True(seen.GetProperty("activeAfter").GetInt32() >= 1);
        Assert.Contains("Issued. Valid until", seen.GetProperty("waitingForAtActive").GetString());
        var waiting = Strings(seen.GetProperty("waitingTexts"));
        Assert.All(waiting.SkipLast(1), w => Assert.StartsWith("Waiting", w));

        // The timeline the page showed at ACTIVE is the API's list of transitions.
        var final = await host.GetOrderAsync(orderId, host.OperatorKey);
        var apiTransitions = final.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()!).ToList();
        var shownAtActive = seen.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()!).ToList();
        Assert.Equal(apiTransitions.Take(shownAtActive.Count), shownAtActive);
        Assert.Equal("ACTIVE", shownAtActive[^1]);
        var facts = seen.GetProperty("facts");
        Assert.Equal(domain, facts.GetProperty("Domains").GetString());
        Assert.Equal(final.GetProperty("caReference").GetString(), facts.GetProperty("CA reference").GetString());
        Assert.Equal(final.GetProperty("serialNumber").GetString(), facts.GetProperty("Serial number").GetString());

        // The chain downloaded through the page is this order's certificate.
        Assert.Equal($"{orderId}.pem", seen.GetProperty("downloadName").GetString());
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(seen.GetProperty("downloadedPem").GetString()!);
        Assert.Equal(final.GetProperty("serialNumber").GetString(), chain[0].SerialNumber);
        Assert.Equal([domain], chain[0].Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());

        // Found by domain and by CA reference; an unknown term finds nothing.
        Assert.Equal(orderId, seen.GetProperty("searchByDomain")[0].GetProperty("id").GetString());
        Assert.Equal(final.GetProperty("caReference").GetString(), seen.GetProperty("searchByCaReference")[0].GetProperty("caReference").GetString());
        Assert.Equal(0, seen.GetProperty("searchNothing").GetInt32());

        // Not expiring today (Pebble issues long-lived certificates); listed once the browser's clock is 10 days before expiry.
        Assert.DoesNotContain(orderId, Strings(seen.GetProperty("expiringBefore")));
        Assert.Contains("10 d", seen.GetProperty("expiringText").GetString());

        // Cancelled through the page: revoked, then refunded, all in the timeline.
        Assert.Equal("REFUNDED", final.GetProperty("status").GetString());
        var afterCancel = seen.GetProperty("timelineAfterCancel").EnumerateArray().Select(t => t.GetProperty("status").GetString()!).ToList();
        Assert.Equal(apiTransitions, afterCancel);
        Assert.Contains("REVOKED", afterCancel);
        Assert.Equal("true", seen.GetProperty("actionsAfterCancel").GetProperty("cancel").GetString());

        // OV with email validation at the sandbox CA, driven from the page: resend approval, approve each step.
        var ov = seen.GetProperty("ov");
        var ovId = ov.GetProperty("orderId").GetString()!;
        var ovFinal = await host.GetOrderAsync(ovId, host.OperatorKey);
        Assert.Equal("ACTIVE", ovFinal.GetProperty("status").GetString());
        Assert.Equal("ov-single", ovFinal.GetProperty("product").GetString());
        var sandboxOrder = await host.Sandbox.GetOrderAsync(ovFinal.GetProperty("caReference").GetString()!);
        Assert.Contains("issued", sandboxOrder.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("approver", ov.GetProperty("waitingFor").GetString());
        Assert.Contains("sent again", ov.GetProperty("resendToast").GetString());
        Assert.Contains("Sandbox approve requested", ov.GetProperty("approveDcvToast").GetString());
        Assert.Contains("Organization checks", ov.GetProperty("subStatusAfterDcv").GetString());
        Assert.Contains("organization checks", ov.GetProperty("waitingAfterDcv").GetString());
        Assert.Equal("true", ov.GetProperty("sandboxPanelAtActive").GetString());
        var ovTimeline = ov.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()!).ToList();
        Assert.Equal(ovFinal.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()!).ToList(), ovTimeline);
        Assert.Equal("ACTIVE", ovTimeline[^1]);

        // The screenshots are kept as artifacts.
        foreach (var png in new[] { screenshot, expiringScreenshot, ovScreenshot })
        {
            var bytes = await File.ReadAllBytesAsync(png);
            Assert.True(bytes.Length > 10_000, $"{png} is {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
            output.WriteLine($"screenshot: {png}");
        }
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private Task<JsonElement> RunScriptAsync(string script, Dictionary<string, string> environment) => BrowserScript.RunAsync(script, environment, output);
}
