using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SslFlow.DevStack;
using SslFlow.LocalHost;
using SslFlow.DevHost.LocalStack;

namespace SslFlow.Caas.Tests;

/// <summary>
/// Issue 18 end to end through the real local host (HTTP API, Durable Task Framework on Azurite, credential store) with
/// its own sandbox CA process handing out Pebble's pool and sending its webhooks to the host: a CaaS order delivers
/// credentials, Debian's lego registers at Pebble with them and gets a certificate, the route answers 410 once the
/// (short) delivery period is over, and a cancel inside the refund window deactivates the key at the CA and refunds.
/// </summary>
[Collection(CaasCollection.Name)]
public sealed class CaasThroughLocalHostTests(CaasFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private readonly string _otherCustomerKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private readonly string _operatorKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private SandboxCaRunner _sandbox = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    /// <summary>The delivery period of this host (the seven days of seed 003, made short).</summary>
    private static readonly TimeSpan ReadableFor = TimeSpan.FromSeconds(20);

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _sandbox = await SandboxCaRunner.StartAsync(new Uri($"http://127.0.0.1:{port}/api/webhooks/sandbox"), secret,
            eabPoolFile: fixture.PoolPath, caasDirectoryUrl: fixture.Pebble.DirectoryUri, smtpPort: fixture.Mail.SmtpPort);
        var data = Directory.CreateDirectory(Path.Combine(fixture.WorkDirectory, "host-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var settings = HostSettings.For(fixture.Azurite, fixture.Pebble, fixture.Mail, data, port, _apiKey, new Dictionary<string, string?>
        {
            ["SslFlow:TaskHub"] = "Caas" + Guid.NewGuid().ToString("N")[..10],
            ["SslFlow:Inventory:TablePrefix"] = "Inv" + Guid.NewGuid().ToString("N")[..10],
            // lego answers Pebble's http-01 challenges on Pebble's port; this host's own http-01 listener goes elsewhere.
            ["SslFlow:Http01Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SslFlow:CaasCredentials:TableName"] = "Cred" + Guid.NewGuid().ToString("N")[..10],
            ["SslFlow:CaasCredentials:ReadableFor"] = ReadableFor.ToString("c"),
            ["SslFlow:Caas:MinimumTerm"] = "00:00:01",
            ["SslFlow:Caas:RenewCutoff"] = "00:00:02", // the terms here are seconds long
            [$"SslFlow:ApiKeys:{_otherCustomerKey}"] = "other-customer",
            // The reseller's operators act for its customers (the accounts model; the flat keys above stay customers).
            ["SslFlow:Accounts:reseller-ops:Role"] = "Operator",
            ["SslFlow:Accounts:reseller-ops:ApiKeys:0"] = _operatorKey,
        });
        foreach (var (k, v) in HostSettings.ForSandbox(_sandbox, secret)) settings[k] = v;
        _app = LocalHostProgram.Build(["--urls", $"http://127.0.0.1:{port}"], c => c.AddInMemoryCollection(settings));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task A_caas_order_delivers_credentials_lego_gets_a_certificate_with_them_and_after_the_period_the_route_answers_410()
    {
        var orderId = await OrderAsync("1y");
        var active = await WaitForStatusAsync(orderId, "ACTIVE");
        var caReference = active.GetProperty("caReference").GetString()!;

        using var delivered = await _http.GetAsync($"api/orders/{orderId}/credentials");
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("no-store", delivered.Headers.CacheControl?.ToString());
        var credentials = await delivered.Content.ReadFromJsonAsync<JsonElement>();
        var keyId = credentials.GetProperty("keyId").GetString()!;
        var hmacKey = credentials.GetProperty("hmacKey").GetString()!;
        Assert.Equal(fixture.Pebble.DirectoryUri.ToString(), credentials.GetProperty("directoryUrl").GetString());

        // The CLI prints the same credentials (a second read, on the timeline too).
        var cliOut = new StringWriter();
        var cliErr = new StringWriter();
        var exit = await SslFlow.Cli.CliApp.RunAsync(["credentials", orderId, "--json", "--url", _http.BaseAddress!.ToString(), "--api-key", _apiKey],
            new SslFlow.Cli.CliContext(cliOut, cliErr, _ => null, TimeProvider.System, TimeSpan.FromMilliseconds(200)));
        Assert.True(exit == 0, cliErr.ToString());
        Assert.Equal(keyId, JsonDocument.Parse(cliOut.ToString()).RootElement.GetProperty("keyId").GetString());

        // The customer's own ACME client, configured with what the portal delivered.
        var lego = await Lego.RunAsync(fixture.Pebble, new Uri(credentials.GetProperty("directoryUrl").GetString()!), keyId, hmacKey, "caas-e2e.example.test", fixture.WorkDirectory);
        Assert.True(lego.ExitCode == 0, lego.Output);
        Assert.True(File.Exists(lego.CertificatePath));

        // Tracking by the CA reference finds the subscription.
        var found = await _http.GetFromJsonAsync<JsonElement>($"api/orders?caReference={Uri.EscapeDataString(caReference)}");
        Assert.Equal(orderId, found.GetProperty("orders")[0].GetProperty("orderId").GetString());

        // Past the delivery period: 410 with problem details, for good (the orchestration's timer destroys it too).
        var availableUntil = credentials.GetProperty("availableUntil").GetDateTimeOffset();
        using var gone = await PollCredentialsUntilAsync(orderId, HttpStatusCode.Gone, availableUntil + Wait);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        Assert.Contains("credentials-gone", await gone.Content.ReadAsStringAsync());

        // Every read is on the order's timeline: who and what they got, never the secret.
        var view = await _http.GetStringAsync($"api/orders/{orderId}");
        Assert.DoesNotContain(hmacKey, view);
        var timeline = JsonDocument.Parse(view).RootElement.GetProperty("transitions").EnumerateArray().ToList();
        var reads = timeline.Where(t => t.GetProperty("cause").GetString() == "credentials-read").ToList();
        Assert.Contains(reads, r => r.GetProperty("detail").GetString()!.Contains("Delivered") && r.GetProperty("actor").GetString() == "demo");
        Assert.Contains(reads, r => r.GetProperty("detail").GetString()!.Contains("Gone"));
    }

    [Fact]
    public async Task Cancel_inside_the_refund_window_deactivates_the_key_at_the_sandbox_ca_and_the_order_is_refunded()
    {
        var orderId = await OrderAsync("00:30:00");
        var active = await WaitForStatusAsync(orderId, "ACTIVE");
        var caReference = active.GetProperty("caReference").GetString()!;

        using var cancel = await _http.PostAsJsonAsync($"api/orders/{orderId}/cancel", new { reason = "bought by mistake" });
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var refunded = await WaitForStatusAsync(orderId, "REFUNDED");

        var atCa = await _sandbox.GetSubscriptionAsync(caReference);
        Assert.Equal("deactivated", atCa.GetProperty("status").GetString());
        using var gone = await _http.GetAsync($"api/orders/{orderId}/credentials");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        var statuses = refunded.GetProperty("transitions").EnumerateArray().Where(t => t.GetProperty("cause").GetString() != "credentials-read")
            .Select(t => t.GetProperty("to").GetString()).ToList();
        Assert.Equal(["ACTIVATION IN PROGRESS", "ACTIVE", "REVOKED", "TO BE REFUNDED", "REFUNDED"], statuses);

        // Only an ACTIVE subscription is renewed: 409 with problem details.
        using var renew = await _http.PostAsJsonAsync($"api/orders/{orderId}/renew", new { term = "30d" });
        Assert.Equal(HttpStatusCode.Conflict, renew.StatusCode);
        Assert.Equal("application/problem+json", renew.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_renewal_extends_the_term_at_the_ca_is_on_the_timeline_and_the_term_then_ends_at_the_new_date()
    {
        // Timing: both renewals must be accepted before the end in force minus the 2 s renew cutoff, or the route answers
        // 409; the test then waits for the renewed end. The term sets the margin for the renewals (activation → the
        // keyed renewal applied → the CLI run → polling must fit in it, on a loaded machine too), the renewal steps only
        // lengthen the wait. So a one-minute term (about 58 s of margin, was 18 s) and two 10-second renewals: the
        // term ends 80 s after activation (was 40 s).
        var term = TimeSpan.FromSeconds(60);
        var step = TimeSpan.FromSeconds(10);
        var orderId = await OrderAsync(term.ToString("c"));
        var active = await WaitForStatusAsync(orderId, "ACTIVE");
        var caReference = active.GetProperty("caReference").GetString()!;
        var firstEnd = active.GetProperty("notAfter").GetDateTimeOffset();
        var keyId = (await _sandbox.GetSubscriptionAsync(caReference)).GetProperty("keyId").GetString();

        using (var bad = await _http.PostAsJsonAsync($"api/orders/{orderId}/renew", new { term = "forever" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("term", out _));
        }
        using (var other = new HttpClient { BaseAddress = _http.BaseAddress })
        {
            other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _otherCustomerKey);
            using var notTheirs = await other.PostAsJsonAsync($"api/orders/{orderId}/renew", new { term = "30d" });
            Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        }

        // The customer renews by one step with an Idempotency-Key, and its client retries the request (same key):
        // both answer 202, the subscription applies the key once.
        var idempotencyKey = Guid.NewGuid().ToString();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var keyed = new HttpRequestMessage(HttpMethod.Post, $"api/orders/{orderId}/renew") { Content = JsonContent.Create(new { term = step.ToString("c") }) };
            keyed.Headers.Add("Idempotency-Key", idempotencyKey);
            using var accepted = await _http.SendAsync(keyed);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        var renewed = await WaitForViewAsync(orderId, v => v.GetProperty("notAfter").GetDateTimeOffset() > firstEnd, "a later notAfter");
        Assert.Equal(firstEnd + step, renewed.GetProperty("notAfter").GetDateTimeOffset());
        Assert.Equal("ACTIVE", renewed.GetProperty("status").GetString());
        var renewal = Assert.Single(renewed.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("cause").GetString() == "renewed");
        Assert.Equal(("ACTIVE", "ACTIVE"), (renewal.GetProperty("from").GetString(), renewal.GetProperty("to").GetString()));
        Assert.Contains("demo", renewal.GetProperty("detail").GetString());

        // Then it renews by another step with the CLI (no key), before the term ends. Events are handled in order, so
        // once this one shows, the retry was handled before it; the count of renewals at the end proves it was ignored.
        var cliOut = new StringWriter();
        var cliErr = new StringWriter();
        var exit = await SslFlow.Cli.CliApp.RunAsync(["renew", orderId, "--term", step.ToString("c"), "--url", _http.BaseAddress!.ToString(), "--api-key", _apiKey],
            new SslFlow.Cli.CliContext(cliOut, cliErr, _ => null, TimeProvider.System, TimeSpan.FromMilliseconds(200)));
        Assert.True(exit == 0, cliErr.ToString());
        Assert.Contains("Renewal accepted", cliOut.ToString());
        var twice = await WaitForViewAsync(orderId, v => v.GetProperty("notAfter").GetDateTimeOffset() > firstEnd + step, "the second renewal");
        var newEnd = twice.GetProperty("notAfter").GetDateTimeOffset();
        Assert.Equal(firstEnd + 2 * step, newEnd); // extended by the keyed renewal once and by the CLI's, not by the retry
        // The CA has the new term for the same EAB key.
        var atCa = await _sandbox.GetSubscriptionAsync(caReference);
        Assert.Equal(("active", keyId), (atCa.GetProperty("status").GetString(), atCa.GetProperty("keyId").GetString()));
        Assert.Equal(newEnd, atCa.GetProperty("notAfter").GetDateTimeOffset());

        // The term now ends at the new date, not the first one.
        var disabled = await WaitForStatusAsync(orderId, "CERTIFICATE DISABLED", newEnd - DateTimeOffset.UtcNow + Wait);
        var ended = disabled.GetProperty("transitions").EnumerateArray().Single(t => t.GetProperty("to").GetString() == "CERTIFICATE DISABLED");
        // Whole-second slack: the Azure Storage provider's timers are queue messages whose visibility delay is in whole seconds.
        var endedAt = ended.GetProperty("at").GetDateTimeOffset();
        Assert.True(endedAt >= newEnd - TimeSpan.FromSeconds(1), $"ended {endedAt:O}, before the renewed end {newEnd:O}");
        Assert.True(endedAt > firstEnd + step, $"ended {endedAt:O}, at the first end {firstEnd:O}");
        Assert.Equal("deactivated", (await _sandbox.GetSubscriptionAsync(caReference)).GetProperty("status").GetString());
        // Two renewals on the timeline (the keyed one and the CLI's): the retry left no trace, and the end is where they put it.
        Assert.Equal(2, disabled.GetProperty("transitions").EnumerateArray().Count(t => t.GetProperty("cause").GetString() == "renewed"));
        Assert.Equal(newEnd, disabled.GetProperty("notAfter").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_caas_order_is_validated_and_another_customer_does_not_see_its_credentials()
    {
        using var bad = await _http.PostAsJsonAsync("api/orders", new { product = "caas-ov", term = "forever" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("term", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("organizationName", out _));

        using var missing = await _http.GetAsync("api/orders/ord-does-not-exist/credentials");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var orderId = await OrderAsync("30d");
        await WaitForStatusAsync(orderId, "ACTIVE");
        using var other = new HttpClient { BaseAddress = _http.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _otherCustomerKey);
        using var notTheirs = await other.GetAsync($"api/orders/{orderId}/credentials");
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode); // not even told that the order exists
        using var theirs = await _http.GetAsync($"api/orders/{orderId}/credentials");
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);

        // The reseller's operator may read them for its customer, under the same rule as every order route; the read is
        // on the timeline under the operator's name, never the secret.
        using var ops = new HttpClient { BaseAddress = _http.BaseAddress };
        ops.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _operatorKey);
        using var byOperator = await ops.GetAsync($"api/orders/{orderId}/credentials");
        Assert.Equal(HttpStatusCode.OK, byOperator.StatusCode);
        var secret = (await byOperator.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hmacKey").GetString()!;
        var view = await _http.GetStringAsync($"api/orders/{orderId}");
        Assert.DoesNotContain(secret, view);
        var reads = JsonDocument.Parse(view).RootElement.GetProperty("transitions").EnumerateArray().Where(t => t.GetProperty("cause").GetString() == "credentials-read").ToList();
        Assert.Contains(reads, r => r.GetProperty("actor").GetString() == "reseller-ops" && r.GetProperty("detail").GetString()!.Contains("Delivered"));
        Assert.Contains(reads, r => r.GetProperty("actor").GetString() == "demo");
        Assert.DoesNotContain(reads, r => r.GetProperty("actor").GetString() == "other-customer");
    }

    private async Task<string> OrderAsync(string term)
    {
        using var response = await _http.PostAsJsonAsync("api/orders", new { product = "caas-dv", term, contactEmail = "caas-customer@example.test" });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("/credentials", body.GetProperty("credentialsUrl").GetString());
        return body.GetProperty("orderId").GetString()!;
    }

    /// <summary>Polls the status API as a customer would until the order reaches <paramref name="status"/>.</summary>
    private Task<JsonElement> WaitForStatusAsync(string orderId, string status, TimeSpan? wait = null) =>
        WaitForViewAsync(orderId, v => v.GetProperty("status").GetString() == status, status, wait);

    /// <summary>Polls the status API as a customer would until the order view satisfies <paramref name="done"/>.</summary>
    private async Task<JsonElement> WaitForViewAsync(string orderId, Func<JsonElement, bool> done, string what, TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? Wait);
        while (true)
        {
            using var response = await _http.GetAsync($"api/orders/{orderId}");
            if (response.IsSuccessStatusCode)
            {
                var view = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (done(view)) return view;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Order {orderId} is {view.GetProperty("status")}, not {what}: {view}");
            }
            else if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Order {orderId}: {(int)response.StatusCode}");
            }
            await Task.Delay(200); // polling the API, as a customer's portal does
        }
    }

    private async Task<HttpResponseMessage> PollCredentialsUntilAsync(string orderId, HttpStatusCode expected, DateTimeOffset deadline)
    {
        while (true)
        {
            var response = await _http.GetAsync($"api/orders/{orderId}/credentials");
            if (response.StatusCode == expected) return response;
            response.Dispose();
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Credentials of {orderId} never answered {expected}.");
            await Task.Delay(500); // polling the API until the delivery period is over
        }
    }
}
