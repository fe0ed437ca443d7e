using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// One ACME DV order each down the cancel, reissue and revoke paths, through the local host with real Pebble (EAB,
/// http-01, revocation), Azurite and maildev. Pebble's own management API says whether a certificate is revoked.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class LifecycleTests(LocalPartsFixture parts)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16] + ".sslflow.test";

    private static List<string> Path(JsonElement view) =>
        view.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()!).ToList();

    private static string Contact(string name) => $"{name}@customers.test";

    private async Task<(string OrderId, JsonElement View)> ActiveOrderAsync(HttpClient http, string product, params string[] names)
    {
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = names, product, dcvMethod = "http-01", contactEmail = Contact(names[0]) });
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, Patience, "ACTIVE", "ACTIVATION ERROR", "REFUNDED");
        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        return (orderId, view);
    }

    /// <summary>Pebble's view of a certificate: "Valid" or "Revoked", and the RFC 5280 reason.</summary>
    private async Task<(string Status, int? Reason)> PebbleStatusAsync(string serialHex)
    {
        using var http = new HttpClient(parts.Pebble.CreateTrustingHandler());
        var json = await http.GetFromJsonAsync<JsonElement>(new Uri(parts.Pebble.ManagementUri, $"cert-status-by-serial/{serialHex.TrimStart('0').ToLowerInvariant()}"));
        return (json.GetProperty("Status").GetString()!, json.TryGetProperty("Reason", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : null);
    }

    private static async Task<X509Certificate2> LeafAsync(HttpClient http, string orderId)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await http.GetStringAsync($"api/orders/{orderId}/certificate"));
        return chain[0];
    }

    [Fact]
    public async Task Revoke_with_an_rfc_5280_reason_revokes_at_the_ca_and_the_order_becomes_revoked()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var name = NewName("rv");
        var (orderId, active) = await ActiveOrderAsync(http, "dv-single", name);
        var serial = active.GetProperty("serialNumber").GetString()!;

        // A reason RFC 5280 does not name is refused and changes nothing.
        var bad = await http.PostAsJsonAsync($"api/orders/{orderId}/revoke", new { reason = "boredom" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"reason\"", await bad.Content.ReadAsStringAsync());
        Assert.Equal("Valid", (await PebbleStatusAsync(serial)).Status);

        var response = await http.PostAsJsonAsync($"api/orders/{orderId}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, Patience, "REVOKED");

        Assert.Equal(["ACTIVATION IN PROGRESS", "ACTIVE", "REVOKED"], Path(view).Distinct().ToList());
        Assert.Equal(("Revoked", 1), await PebbleStatusAsync(serial));
        // A revoked certificate cannot be revoked, reissued or cancelled again.
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync($"api/orders/{orderId}/revoke", new { reason = "superseded" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync($"api/orders/{orderId}/reissue", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync($"api/orders/{orderId}/cancel", new { })).StatusCode);
        Assert.Contains(await SubjectsToAsync(Contact(name), s => s.Contains("revoked")), s => s.Contains("revoked"));
    }

    [Fact]
    public async Task Reissue_with_an_added_name_and_a_new_key_keeps_the_order_and_ca_reference_and_the_old_certificate_until_merged()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var first = NewName("ri");
        var added = NewName("ri");
        var (orderId, active) = await ActiveOrderAsync(http, "dv-multi", first);
        var oldSerial = active.GetProperty("serialNumber").GetString()!;
        var oldLeaf = await LeafAsync(http, orderId);

        var response = await http.PostAsJsonAsync($"api/orders/{orderId}/reissue", new { addDomains = new[] { added }, keyAlgorithm = "EcP384" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Until the new certificate is merged the order stays ACTIVE with the old one.
        JsonElement view;
        for (var deadline = DateTime.UtcNow + Patience; ; )
        {
            Assert.True(DateTime.UtcNow < deadline, "The reissue did not finish in time.");
            view = await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
            Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
            var serial = view.GetProperty("serialNumber").GetString();
            if (serial != oldSerial) break;
            // Served meanwhile: the old certificate, or (from the moment of the merge, just before the record catches up) the new one; never nothing.
            var served = await LeafAsync(http, orderId);
            if (served.Thumbprint != oldLeaf.Thumbprint) Assert.Contains(added, served.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
            await Task.Delay(100); // observing the host through its public API
        }

        var leaf = await LeafAsync(http, orderId);
        var sans = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList();
        Assert.Equal(new[] { first, added }.Order(), sans.Order());
        Assert.Equal(384, leaf.GetECDsaPublicKey()!.KeySize); // the new key is P-384
        Assert.NotEqual(oldLeaf.GetPublicKey(), leaf.GetPublicKey());
        Assert.Equal(active.GetProperty("caReference").GetString(), view.GetProperty("caReference").GetString());
        Assert.Equal([first, added], view.GetProperty("domains").EnumerateArray().Select(d => d.GetString()!).ToList());
        Assert.Contains(view.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("cause").GetString() == "reissued");
        Assert.DoesNotContain(Path(view), s => s is not ("ACTIVATION IN PROGRESS" or "ACTIVE"));
    }

    [Fact]
    public async Task Reissue_refuses_names_a_single_domain_product_cannot_take_and_bad_names_with_problem_details()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var (orderId, _) = await ActiveOrderAsync(http, "dv-single", NewName("rs"));

        var more = await http.PostAsJsonAsync($"api/orders/{orderId}/reissue", new { addDomains = new[] { NewName("rs") } });
        Assert.Equal(HttpStatusCode.Conflict, more.StatusCode);
        Assert.Equal("application/problem+json", more.Content.Headers.ContentType!.MediaType);
        var bad = await http.PostAsJsonAsync($"api/orders/{orderId}/reissue", new { addDomains = new[] { "-bad-.example.com" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("addDomains[0]", await bad.Content.ReadAsStringAsync());
        // ACME orders have no approver email and cannot switch DCV method after placement.
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"api/orders/{orderId}/resend-approval", null)).StatusCode);
        var method = await http.PostAsJsonAsync($"api/orders/{orderId}/dcv-method", new { dcvMethod = "telepathy" });
        Assert.Equal(HttpStatusCode.BadRequest, method.StatusCode);
        Assert.Contains("dcvMethod", await method.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cancel_inside_the_refund_window_revokes_at_the_ca_first_then_refunds()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var (orderId, active) = await ActiveOrderAsync(http, "dv-single", NewName("ci"));
        var serial = active.GetProperty("serialNumber").GetString()!;

        var response = await http.PostAsJsonAsync($"api/orders/{orderId}/cancel", new { reason = "bought the wrong product" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, Patience, "REFUNDED");

        Assert.Equal(["ACTIVATION IN PROGRESS", "ACTIVE", "REVOKED", "TO BE REFUNDED", "REFUNDED"], Path(view));
        Assert.Equal("Revoked", (await PebbleStatusAsync(serial)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync($"api/orders/{orderId}/cancel", new { })).StatusCode);
    }

    [Fact]
    public async Task An_order_cancelled_as_soon_as_it_is_placed_is_refunded_and_leaves_no_valid_certificate()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;

        var name = NewName("cw");
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { name }, product = "dv-single", dcvMethod = "http-01", contactEmail = Contact(name) });
        var cancel = await http.PostAsJsonAsync($"api/orders/{orderId}/cancel", new { reason = "placed by mistake" });
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, Patience, "REFUNDED", "ACTIVATION ERROR");

        // Whichever wait the cancel met, the order ends refunded; if Pebble issued before the cancel landed, the
        // certificate was revoked before the refund.
        Assert.Equal("REFUNDED", view.GetProperty("status").GetString());
        var path = Path(view);
        Assert.Equal(["TO BE REFUNDED", "REFUNDED"], path.TakeLast(2));
        Assert.DoesNotContain("ACTIVATION ERROR", path);
        if (path.Contains("ACTIVE"))
        {
            Assert.Equal("REVOKED", path[path.IndexOf("ACTIVE") + 1]);
            Assert.Equal("Revoked", (await PebbleStatusAsync(view.GetProperty("serialNumber").GetString()!)).Status);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"api/orders/{orderId}/certificate")).StatusCode);
        }
        var subjects = await SubjectsToAsync(Contact(name), s => s.Contains("refunded"));
        Assert.Contains(subjects, s => s.Contains("cancelled"));
    }

    [Fact]
    public async Task Orders_are_listed_by_status_page_by_page_and_bad_paging_is_a_problem_naming_the_field()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var (orderId, _) = await ActiveOrderAsync(http, "dv-single", NewName("ls"));

        // Walk every page of ACTIVE orders (the table is shared with the other tests, so there may be many).
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = "api/orders?status=ACTIVE&pageSize=2" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await http.GetFromJsonAsync<JsonElement>(url);
            var orders = page.GetProperty("orders").EnumerateArray().ToList();
            Assert.True(orders.Count <= 2);
            Assert.All(orders, o => Assert.Equal("ACTIVE", o.GetProperty("status").GetString()));
            seen.AddRange(orders.Select(o => o.GetProperty("orderId").GetString()!));
            token = page.TryGetProperty("continuationToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            Assert.True(++pages < 500, "paging does not end");
        }
        while (token is not null);
        Assert.Contains(orderId, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count()); // no order on two pages

        var refunded = await http.GetFromJsonAsync<JsonElement>("api/orders?status=REFUNDED&pageSize=1000");
        Assert.DoesNotContain(refunded.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderId").GetString() == orderId);
        var badSize = await http.GetAsync("api/orders?pageSize=5000");
        Assert.Equal(HttpStatusCode.BadRequest, badSize.StatusCode);
        Assert.Contains("pageSize", await badSize.Content.ReadAsStringAsync());
        var badStatus = await http.GetAsync("api/orders?status=HALF-ISSUED");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("status", await badStatus.Content.ReadAsStringAsync());
    }

    /// <summary>Subjects of the mail maildev received for <paramref name="address"/>, once one satisfies <paramref name="until"/> (or a minute passed).</summary>
    private async Task<List<string>> SubjectsToAsync(string address, Func<string, bool> until)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(1); ; await Task.Delay(200)) // emails are the last steps of their orchestrations
        {
            var subjects = (await parts.Mail.GetMessagesAsync())
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == address))
                .Select(m => m.GetProperty("subject").GetString()!).ToList();
            if (subjects.Any(until) || DateTime.UtcNow > deadline) return subjects;
        }
    }
}
