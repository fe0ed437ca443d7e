using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using SslFlow.DevStack;
using SslFlow.LocalHost;
using SslFlow.DevHost.LocalStack;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// The reseller's order through the real local host and the real sandbox CA process: a purchase (only the product) stays
/// PENDING ACTIVATION across a host restart, is activated with OV organization details, which the sandbox CA checks and
/// puts in the certificate's subject; another customer's key gets 404 for it on every route and changes nothing.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class PurchaseActivationTests(LocalPartsFixture parts)
{
    private static readonly object Organization = new
    {
        legalName = "Rossi Costruzioni S.p.A.",
        country = "IT",
        stateOrProvince = "Lombardia",
        locality = "Milano",
        streetAddress = "Via Roma 1",
        postalCode = "20121",
        phone = "+390212345678",
    };

    private static readonly object Contacts = new
    {
        admin = new { name = "Anna Rossi", email = "anna@sslflow.test", phone = "+390212345679" },
        technical = new { name = "Marco Bianchi", email = "marco@sslflow.test", phone = "+390212345670" },
    };

    [Fact]
    public async Task A_purchase_stays_pending_across_a_restart_and_is_activated_with_ov_details_that_the_certificate_names()
    {
        var port = FreePort.Next();
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var sandbox = await SandboxCaRunner.StartAsync(new Uri($"http://127.0.0.1:{port}/api/webhooks/sandbox"), secret,
            autoApproveAfter: TimeSpan.FromMilliseconds(300), smtpPort: parts.Mail.SmtpPort);
        var otherKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var settings = parts.KillableSettings(Directory.CreateTempSubdirectory("sslflow-e2e-").FullName, port); // restarted mid-test
        foreach (var (k, v) in HostSettings.ForSandbox(sandbox, secret)) settings[k] = v;
        settings["SslFlow:Accounts:other-customer:ApiKeys:0"] = otherKey; // a second customer account next to the fixture's key
        using var http = parts.Client(port);
        using var other = new HttpClient { BaseAddress = http.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", otherKey);

        string orderId;
        var app = await StartAsync(settings, port);
        try
        {
            orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { product = "ov-single" });
            var pending = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(1), "PENDING ACTIVATION");
            Assert.Empty(pending.GetProperty("domains").EnumerateArray());
            // Recorded (lists show stored orders only), so what the restart must keep is the stored purchase and its waiting instance.
            for (var deadline = DateTime.UtcNow.AddMinutes(1); !(await http.GetStringAsync("api/orders?status=PENDING%20ACTIVATION&pageSize=1000")).Contains(orderId, StringComparison.Ordinal); await Task.Delay(100))
            {
                Assert.True(DateTime.UtcNow < deadline, "The purchase was never recorded."); // observing the public API
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        app = await StartAsync(settings, port);
        try
        {
            var view = await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
            Assert.Equal("PENDING ACTIVATION", view.GetProperty("status").GetString());
            Assert.Equal("Pending", view.GetProperty("resellerState").GetString());

            // Another customer: every route answers as for a missing order, and the order does not move.
            await AssertInvisibleAsync(app, other, orderId);
            var list = await other.GetFromJsonAsync<JsonElement>("api/orders");
            Assert.DoesNotContain(list.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderId").GetString() == orderId);

            // Missing details are named field by field.
            var bad = await http.PostAsJsonAsync($"api/orders/{orderId}/activate", new { domains = new[] { "x.sslflow.test" }, dcvMethod = "dns-01" });
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, await bad.Content.ReadAsStringAsync());
            Assert.Contains("\"organization\"", await bad.Content.ReadAsStringAsync());

            var domain = $"pa-{Guid.NewGuid():N}"[..15] + ".sslflow.test";
            var activate = await http.PostAsJsonAsync($"api/orders/{orderId}/activate",
                new { domains = new[] { domain }, dcvMethod = "dns-01", contactEmail = "ops@sslflow.test", organization = Organization, contacts = Contacts });
            Assert.True(activate.StatusCode == HttpStatusCode.Accepted, await activate.Content.ReadAsStringAsync());

            view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");
            Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
            Assert.Equal([domain], view.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
            Assert.Contains(view.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "ACTIVATION IN PROGRESS");

            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(await http.GetStringAsync($"api/orders/{orderId}/certificate"));
            using var leaf = chain[0];
            Assert.Contains("O=Rossi Costruzioni S.p.A.", leaf.Subject);
            Assert.Contains("L=Milano", leaf.Subject);
            Assert.Contains("S=Lombardia", leaf.Subject);
            Assert.Contains("C=IT", leaf.Subject);
            var atCa = await sandbox.GetOrderAsync(view.GetProperty("caReference").GetString()!);
            Assert.Equal("Rossi Costruzioni S.p.A.", atCa.GetProperty("organization").GetProperty("legalName").GetString());
            Assert.Equal("Anna Rossi", atCa.GetProperty("contacts").GetProperty("admin").GetProperty("name").GetString());

            // Still invisible once ACTIVE (revoke, reissue, download now have something to act on).
            await AssertInvisibleAsync(app, other, orderId);
            Assert.Equal("ACTIVE", (await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}")).GetProperty("status").GetString());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_ov_order_for_a_vetted_organization_skips_the_organization_step_at_the_sandbox_ca()
    {
        // No auto mode: only the operator's approvals move the orders, so the second order's organization step can only be the reuse.
        await using var host = await SandboxHost.StartAsync(parts);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organization = new
        {
            legalName = $"Verdi {suffix} S.r.l.", country = "IT", stateOrProvince = "Lazio", locality = "Roma",
            streetAddress = "Via Appia 2", postalCode = "00100", phone = "+390612345678",
        };
        var first = await LocalPartsFixture.PlaceOrderAsync(host.Http, new
        {
            domains = new[] { $"v1-{suffix}.sslflow.test" }, product = "ov-single", dcvMethod = "dns-01", contactEmail = "ops@sslflow.test", organization, contacts = Contacts,
        });
        var firstRef = await CaReferenceAsync(host, first);
        await host.Sandbox.ApproveAsync(firstRef, "domain_control");
        await host.Sandbox.ApproveAsync(firstRef, "organization");
        Assert.Equal("ACTIVE", (await LocalPartsFixture.WaitForStatusAsync(host.Http, first, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR")).GetProperty("status").GetString());

        // The second order: a purchase activated with the same organization; only domain control is approved.
        var second = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { product = "ov-single" });
        await LocalPartsFixture.WaitForStatusAsync(host.Http, second, TimeSpan.FromMinutes(1), "PENDING ACTIVATION");
        var activate = await host.Http.PostAsJsonAsync($"api/orders/{second}/activate",
            new { domains = new[] { $"v2-{suffix}.sslflow.test" }, dcvMethod = "dns-01", organization, contacts = Contacts });
        Assert.True(activate.StatusCode == HttpStatusCode.Accepted, await activate.Content.ReadAsStringAsync());
        var secondRef = await CaReferenceAsync(host, second);
        var steps = (await host.Sandbox.GetOrderAsync(secondRef)).GetProperty("steps").EnumerateArray().ToList();
        var organizationStep = steps.Single(s => s.GetProperty("name").GetString() == "organization");
        Assert.Equal("completed", organizationStep.GetProperty("status").GetString());
        Assert.Equal(firstRef, organizationStep.GetProperty("reusedFrom").GetString());
        await host.Sandbox.ApproveAsync(secondRef, "domain_control");

        var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, second, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR");
        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await host.Http.GetStringAsync($"api/orders/{second}/certificate"));
        Assert.Contains($"O=Verdi {suffix} S.r.l.", chain[0].Subject);
    }

    [Fact]
    public async Task A_saved_order_cancelled_or_never_activated_is_refunded_without_reaching_the_ca()
    {
        // Durations are settings: the purchase lapses after 3 s, with one reminder after 1 s.
        await using var host = await SandboxHost.StartAsync(parts, overrides: new Dictionary<string, string?>
        {
            ["SslFlow:Orders:SavedOrderReminders:0"] = "00:00:01",
            ["SslFlow:Orders:SavedOrderExpiry"] = "00:00:03",
        });
        var cancelled = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { product = "ov-single" });
        var lapsed = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { product = "dv-multi", extraSans = 2 });
        await LocalPartsFixture.WaitForStatusAsync(host.Http, cancelled, TimeSpan.FromMinutes(1), "PENDING ACTIVATION");
        var cancel = await host.Http.PostAsJsonAsync($"api/orders/{cancelled}/cancel", new { reason = "Not needed any more" });
        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());

        foreach (var (orderId, reason) in new[] { (cancelled, "Not needed any more"), (lapsed, "The purchase lapsed") })
        {
            var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "REFUNDED", "ACTIVE", "ACTIVATION ERROR");
            Assert.Equal("REFUNDED", view.GetProperty("status").GetString());
            // Nothing was ever placed at a CA.
            Assert.True(!view.TryGetProperty("caReference", out var reference) || reference.ValueKind == JsonValueKind.Null, view.ToString());
            var path = view.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()).ToList();
            Assert.DoesNotContain("ACTIVATION IN PROGRESS", path);
            Assert.Equal(["TO BE REFUNDED", "REFUNDED"], path[^2..]);
            Assert.Contains(view.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("detail").GetString()?.StartsWith(reason, StringComparison.Ordinal) == true);
        }
        // A lapsed purchase cannot be activated any more.
        var late = await host.Http.PostAsJsonAsync($"api/orders/{lapsed}/activate", new { domains = new[] { "late.sslflow.test" }, dcvMethod = "dns-01" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    private static async Task<string> CaReferenceAsync(SandboxHost host, string orderId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var view = await host.Http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
            if (view.GetProperty("caReference").ValueKind == JsonValueKind.String) return view.GetProperty("caReference").GetString()!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Order {orderId} was never placed with the CA: {view}");
            await Task.Delay(100); // a customer watching the status API
        }
    }

    /// <summary>
    /// Every order route, with another customer's key: the answer a missing order gets. The list is checked against the
    /// host's own route table, so a route added later cannot be left out.
    /// </summary>
    private static async Task AssertInvisibleAsync(WebApplication app, HttpClient other, string orderId)
    {
        var missing = $"ord-{Guid.NewGuid():N}"[..24];
        var routes = new (string Method, string Path, object? Body)[]
        {
            ("GET", "", null), ("GET", "/certificate", null), ("POST", "/cancel", new { reason = "x" }), ("POST", "/revoke", new { reason = "keyCompromise" }),
            ("POST", "/reissue", new { }), ("POST", "/resend-approval", null), ("POST", "/dcv-method", new { dcvMethod = "dns-01" }),
            ("POST", "/activate", new { domains = new[] { "x.sslflow.test" }, dcvMethod = "dns-01" }), ("POST", "/install", null),
            ("GET", "/credentials", null), ("POST", "/renew", new { term = "365d" }),
        };
        var mapped = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/orders/{orderId}", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.TrimStart('/')["api/orders/{orderId}".Length..]}"))
            .ToHashSet();
        Assert.Subset(routes.Select(r => $"{r.Method} {r.Path}").ToHashSet(), mapped); // CaaS routes are mapped only where CaaS is configured
        foreach (var (method, path, body) in routes)
        {
            var foreign = await SendAsync(other, method, $"api/orders/{orderId}{path}", body);
            var absent = await SendAsync(other, method, $"api/orders/{missing}{path}", body);
            Assert.True(foreign.Status == HttpStatusCode.NotFound, $"{method} {path}: {foreign.Status} {foreign.Body}");
            Assert.Equal(absent.Status, foreign.Status);
            Assert.Equal(absent.Body.Replace(missing, orderId), foreign.Body);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, string method, string path, object? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        // The trace id differs per request; everything else of the problem document must be the same.
        return (response.StatusCode, System.Text.RegularExpressions.Regex.Replace(text, "\"traceId\":\"[^\"]*\"", "\"traceId\":\"…\""));
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings, int port)
    {
        var app = LocalHostProgram.Build(["--urls", $"http://127.0.0.1:{port}"], c => c.AddInMemoryCollection(settings));
        await app.StartAsync();
        return app;
    }
}
