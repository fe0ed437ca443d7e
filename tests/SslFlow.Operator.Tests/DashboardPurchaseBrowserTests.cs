using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SslFlow.DevStack;
using Xunit.Abstractions;

namespace SslFlow.Operator.Tests;

/// <summary>
/// Issues 16 and 18 in the dashboard, in Debian's chromium against the real local host, sandbox CA and Pebble: buying an
/// order with the Buy form, activating it with the organization (and the server's field problems shown next to the
/// fields), organization profiles saved and picked, customers seeing their own orders and operators all, and a CaaS
/// order's credentials and term renewal. Each test places its own orders (scenarios of <c>Browser/dashboard-purchase.mjs</c>).
/// </summary>
[Collection(OperatorHostCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DashboardPurchaseBrowserTests(OperatorHostFixture host, ITestOutputHelper output)
{
    [Fact]
    public async Task A_purchase_from_the_buy_form_waits_pending_then_the_activation_form_with_ov_details_takes_it_to_active_with_the_organization_shown()
    {
        var screenshot = Screenshot("dashboard-purchase-activated.png");
        var seen = await RunAsync("activate-ov", screenshot);

        // Bought: PENDING ACTIVATION in the detail and the list, the reseller's "Pending".
        Assert.Equal("PENDING ACTIVATION", seen.GetProperty("detailAfterBuy").GetProperty("status").GetString());
        Assert.Contains("Reseller: Pending", seen.GetProperty("detailAfterBuy").GetProperty("text").GetString());
        var row = seen.GetProperty("rowAfterBuy");
        Assert.Equal("Pending", row.GetProperty("resellerState").GetString());
        Assert.Contains("Pending", row.GetProperty("subStatus").GetString());
        Assert.Contains("OV single domain", row.GetProperty("text").GetString());

        // The form asks what an OV product needs: names, DCV, organization, contacts; no EV fields, mailbox or person.
        Assert.True(seen.GetProperty("activateShown").GetBoolean());
        var parts = seen.GetProperty("visibleParts");
        Assert.True(parts.GetProperty("#act-names-row").GetBoolean());
        Assert.True(parts.GetProperty("#act-org").GetBoolean());
        Assert.True(parts.GetProperty("#act-contacts").GetBoolean());
        Assert.False(parts.GetProperty("#act-ev").GetBoolean());
        Assert.False(parts.GetProperty("#act-mailbox-row").GetBoolean());
        Assert.False(parts.GetProperty("#act-person").GetBoolean());
        Assert.Equal(["http-01", "dns-01", "email"], Strings(seen.GetProperty("dcvOptions")));
        Assert.True(seen.GetProperty("approverShownForEmail").GetBoolean());
        Assert.False(seen.GetProperty("approverShownForDns").GetBoolean());
        Assert.True(seen.GetProperty("activateHiddenAfter").GetBoolean());

        // Issue 16: before the CA approved anything, the detail view shows the organization and contacts kept with the order.
        var before = seen.GetProperty("beforeApproval");
        Assert.Equal("ACTIVATION IN PROGRESS", before.GetProperty("status").GetString());
        var keptFacts = before.GetProperty("facts");
        Assert.Equal("Rossi Costruzioni S.p.A.", keptFacts.GetProperty("Organization").GetString());
        Assert.Equal("Via Roma 1, 20121, Milano, Lombardia, IT", keptFacts.GetProperty("Organization address").GetString());
        Assert.Contains("Anna Rossi", keptFacts.GetProperty("Admin contact").GetString());
        Assert.Contains("Marco Bianchi", keptFacts.GetProperty("Technical contact").GetString());
        Assert.False(keptFacts.TryGetProperty("Certificate subject", out _));

        // ACTIVE, and the detail view shows the organization the certificate names.
        var orderId = seen.GetProperty("orderId").GetString()!;
        var final = await host.GetOrderAsync(orderId);
        Assert.Equal("ACTIVE", final.GetProperty("status").GetString());
        Assert.Equal([seen.GetProperty("domain").GetString()!], Strings(final.GetProperty("domains")));
        var facts = seen.GetProperty("facts");
        Assert.Equal("Rossi Costruzioni S.p.A.", facts.GetProperty("Organization").GetString());
        var subject = facts.GetProperty("Certificate subject").GetString()!;
        foreach (var part in new[] { "O=Rossi Costruzioni S.p.A.", "L=Milano", "ST=Lombardia", "C=IT" }) Assert.Contains(part, subject);
        Assert.Equal("ACTIVE", seen.GetProperty("rowAtActive").GetProperty("status").GetString());
        Assert.Subset(new HashSet<string> { "PENDING ACTIVATION", "ACTIVATION IN PROGRESS", "ACTIVE" }, Strings(seen.GetProperty("timeline")).ToHashSet());

        // What the page sent reached the CA, and the certificate the API serves says the same.
        var atCa = await host.Sandbox.GetOrderAsync(final.GetProperty("caReference").GetString()!);
        Assert.Equal("Rossi Costruzioni S.p.A.", atCa.GetProperty("organization").GetProperty("legalName").GetString());
        Assert.Equal("Anna Rossi", atCa.GetProperty("contacts").GetProperty("admin").GetProperty("name").GetString());
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await host.Http.GetStringAsync($"api/orders/{orderId}/certificate"));
        Assert.Contains("O=Rossi Costruzioni S.p.A.", chain[0].Subject);
        AssertScreenshot(screenshot);
    }

    [Fact]
    public async Task A_bad_country_and_phone_are_shown_next_to_their_fields_and_the_order_stays_pending()
    {
        var screenshot = Screenshot("dashboard-activation-problems.png");
        var seen = await RunAsync("bad-field", screenshot);

        foreach (var (name, field, value) in new[] { ("country", "organization.country", "XX"), ("phone", "organization.phone", "123") })
        {
            var near = seen.GetProperty(name);
            Assert.Equal(field, near.GetProperty("errorFor").GetString());
            Assert.False(string.IsNullOrWhiteSpace(near.GetProperty("text").GetString()));
            Assert.Equal("true", near.GetProperty("ariaInvalid").GetString());
            Assert.True(near.GetProperty("describedByNote").GetBoolean());
            Assert.Equal(value, near.GetProperty("value").GetString());
        }
        Assert.Equal(["organization.country", "organization.phone"], Strings(seen.GetProperty("otherFieldErrors")).Order());
        Assert.Equal("alert", seen.GetProperty("summaryRole").GetString());
        Assert.Contains("Country", seen.GetProperty("summary").GetString());
        Assert.Equal("Rossi Costruzioni S.p.A.", seen.GetProperty("legalNameKept").GetString());
        Assert.Equal("act-org-country", seen.GetProperty("focused").GetString());

        // Nothing changed: still a purchase waiting for its activation, at the API too.
        Assert.Equal("PENDING ACTIVATION", seen.GetProperty("detailStatus").GetString());
        Assert.Equal("PENDING ACTIVATION", seen.GetProperty("api").GetProperty("status").GetString());
        Assert.Empty(seen.GetProperty("api").GetProperty("domains").EnumerateArray());
        Assert.Equal(["contacts.admin.phone"], Strings(seen.GetProperty("afterFix")));
        Assert.Equal("PENDING ACTIVATION", seen.GetProperty("apiAfterFix").GetString());
        var order = await host.GetOrderAsync(seen.GetProperty("orderId").GetString()!);
        Assert.Equal("PENDING ACTIVATION", order.GetProperty("status").GetString());
        Assert.True(order.GetProperty("caReference").ValueKind == JsonValueKind.Null);

        AssertScreenshot(screenshot);
    }

    [Fact]
    public async Task Ev_and_smime_enterprise_activation_forms_ask_what_their_products_need_and_name_each_missing_field_at_its_input()
    {
        var screenshot = Screenshot("dashboard-activation-smime.png");
        var seen = await RunAsync("forms", screenshot);

        var ev = seen.GetProperty("ev");
        Assert.True(ev.GetProperty("parts").GetProperty("#act-ev").GetBoolean());
        Assert.True(ev.GetProperty("parts").GetProperty("#act-technical").GetBoolean());
        Assert.False(ev.GetProperty("parts").GetProperty("#act-person").GetBoolean());
        var evErrors = Placed(ev);
        Assert.Equal("act-domains", evErrors["domains"]);
        foreach (var (field, input) in new[]
        {
            ("organization.legalName", "act-org-legal-name"), ("organization.country", "act-org-country"), ("organization.phone", "act-org-phone"),
            ("organization.businessCategory", "act-business-category"), ("contacts.admin.email", "act-admin-email"), ("contacts.technical.name", "act-technical-name"),
        })
        {
            Assert.True(evErrors.TryGetValue(field, out var at), $"{field} not shown; shown: {string.Join(", ", evErrors.Keys)}; unplaced: {ev.GetProperty("unplaced")}");
            Assert.Equal(input, at);
        }
        // No jurisdiction given at all: the problem names the group, shown at the EV fields.
        Assert.Equal("act-ev", evErrors["organization.jurisdiction"]);

        var smime = seen.GetProperty("smime");
        var parts = smime.GetProperty("parts");
        Assert.False(parts.GetProperty("#act-names-row").GetBoolean());
        Assert.True(parts.GetProperty("#act-mailbox-row").GetBoolean());
        Assert.True(parts.GetProperty("#act-person").GetBoolean());
        Assert.True(parts.GetProperty("#act-org").GetBoolean());
        Assert.False(parts.GetProperty("#act-ev").GetBoolean());
        Assert.False(parts.GetProperty("#act-technical").GetBoolean());
        Assert.Equal(["email"], Strings(smime.GetProperty("dcv")));
        var smimeErrors = Placed(smime);
        Assert.Equal("act-mailbox", smimeErrors["mailbox"]);
        Assert.Equal("act-given-name", smimeErrors["person.givenName"]);
        Assert.Equal("act-surname", smimeErrors["person.surname"]);
        Assert.Equal("act-org-legal-name", smimeErrors["organization.legalName"]);
        Assert.Empty(smime.GetProperty("unplaced").EnumerateArray());
        AssertScreenshot(screenshot);

        foreach (var part in new[] { ev, smime })
        {
            var order = await host.GetOrderAsync(part.GetProperty("orderId").GetString()!);
            Assert.Equal("PENDING ACTIVATION", order.GetProperty("status").GetString());
        }
    }

    /// <summary>Field → the id of the input the page put its error after (or the group it heads).</summary>
    private static Dictionary<string, string> Placed(JsonElement part) =>
        part.GetProperty("errors").EnumerateArray()
            .SelectMany(e => e.GetProperty("field").GetString()!.Split(' ').Select(f => (Field: f, At: e.GetProperty("at").GetString()!)))
            .ToDictionary(x => x.Field, x => x.At);

    [Fact]
    public async Task A_profile_saved_while_activating_is_vetted_and_picked_for_a_second_order_which_skips_the_organization_step()
    {
        var screenshot = Screenshot("dashboard-profile-picked.png");
        var seen = await RunAsync("profiles", screenshot);
        var legalName = seen.GetProperty("legalName").GetString()!;

        // Saved with the first order's organization and contacts; vetted once that order was ACTIVE.
        var saved = seen.GetProperty("savedProfile");
        Assert.Equal(legalName, saved.GetProperty("organization").GetProperty("legalName").GetString());
        Assert.Equal("Anna Rossi", saved.GetProperty("contacts").GetProperty("admin").GetProperty("name").GetString());
        var first = await host.GetOrderAsync(seen.GetProperty("first").GetString()!);
        Assert.Equal("ACTIVE", first.GetProperty("status").GetString());
        var firstRef = first.GetProperty("caReference").GetString()!;
        Assert.Equal(firstRef, saved.GetProperty("vetting").GetProperty("caReference").GetString());
        Assert.Contains(first.GetProperty("orderId").GetString(), Strings(saved.GetProperty("orderIds")));

        // Picked for the second: filled and locked, sent as the profile's id alone.
        Assert.Contains("vetted", seen.GetProperty("option").GetString());
        Assert.Equal(legalName, seen.GetProperty("filledLegalName").GetString());
        Assert.True(seen.GetProperty("locked").GetBoolean());
        Assert.True(seen.GetProperty("saveHiddenWithProfile").GetBoolean());
        Assert.Equal("Anna Rossi", seen.GetProperty("contactFilled").GetString());
        var body = seen.GetProperty("secondBody");
        Assert.Equal(saved.GetProperty("id").GetString(), body.GetProperty("organizationProfileId").GetString());
        Assert.False(body.TryGetProperty("organization", out _));

        // ACTIVE with only domain control approved: the sandbox CA reused the first order's organization vetting.
        var second = await host.GetOrderAsync(seen.GetProperty("second").GetString()!);
        Assert.Equal("ACTIVE", second.GetProperty("status").GetString());
        Assert.Equal(saved.GetProperty("id").GetString(), second.GetProperty("organizationProfileId").GetString());
        var steps = (await host.Sandbox.GetOrderAsync(second.GetProperty("caReference").GetString()!)).GetProperty("steps").EnumerateArray().ToList();
        var organizationStep = steps.Single(s => s.GetProperty("name").GetString() == "organization");
        Assert.Equal(firstRef, organizationStep.GetProperty("reusedFrom").GetString());
        var facts = seen.GetProperty("secondFacts");
        Assert.Equal(legalName, facts.GetProperty("Organization").GetString());
        Assert.Contains(saved.GetProperty("id").GetString()!, facts.GetProperty("Organization profile").GetString());
        AssertScreenshot(screenshot);
    }

    [Fact]
    public async Task An_operator_activating_a_customers_order_saves_the_profile_under_the_customers_account()
    {
        var seen = await RunAsync("operator-profile");
        var order = await host.GetOrderAsync(seen.GetProperty("orderId").GetString()!);
        var customer = order.GetProperty("customer").GetString()!;
        Assert.Equal(customer, seen.GetProperty("profileBody").GetProperty("accountId").GetString());
        Assert.NotEqual("PENDING ACTIVATION", seen.GetProperty("status").GetString());

        // The customer's key lists the profile as its own; the operator's account has none for that organization.
        var profile = seen.GetProperty("customerProfile");
        Assert.Equal(JsonValueKind.Object, profile.ValueKind);
        Assert.Equal(customer, profile.GetProperty("accountId").GetString());
        Assert.Equal(seen.GetProperty("legalName").GetString(), profile.GetProperty("organization").GetProperty("legalName").GetString());
        Assert.Equal(0, seen.GetProperty("operatorOwn").GetInt32());
        Assert.Equal(seen.GetProperty("legalName").GetString(), order.GetProperty("subject").GetProperty("organization").GetProperty("legalName").GetString());
    }

    [Fact]
    public async Task Each_customer_sees_its_own_purchases_and_an_operator_sees_all()
    {
        var screenshot = Screenshot("dashboard-buy.png");
        var seen = await RunAsync("scoping", screenshot, new() { ["SSLFLOW_OTHER_KEY"] = host.OtherCustomerKey });
        var foreign = seen.GetProperty("foreign").GetString()!;
        var own = seen.GetProperty("own").GetString()!;
        Assert.DoesNotContain(foreign, Strings(seen.GetProperty("ordersAfterSwitch")));
        Assert.Contains(own, Strings(seen.GetProperty("customerRows")));
        Assert.DoesNotContain(foreign, Strings(seen.GetProperty("customerRows")));
        Assert.Equal(404, seen.GetProperty("customerGetsForeign").GetInt32());
        Assert.Contains(own, Strings(seen.GetProperty("operatorRows")));
        Assert.Contains(foreign, Strings(seen.GetProperty("operatorRows")));

        // The Buy form offers the products of the API's description and the extra SANs of a multi-domain product.
        var products = Strings(seen.GetProperty("buyProducts"));
        Assert.Subset(products.ToHashSet(), new HashSet<string> { "dv-single", "dv-multi", "ov-single", "ev-single", "smime-pro", "caas-dv", "caas-ov" });
        Assert.True(seen.GetProperty("buyRows").GetProperty("sans").GetBoolean());
        Assert.False(seen.GetProperty("buyRows").GetProperty("term").GetBoolean());
        AssertScreenshot(screenshot);
    }

    [Fact]
    public async Task A_caas_order_shows_its_credentials_only_when_asked_and_they_are_the_keys_pebble_accepts()
    {
        var screenshot = Screenshot("dashboard-caas-credentials.png");
        var seen = await RunAsync("caas", screenshot);
        Assert.True(seen.GetProperty("activateHidden").GetBoolean());
        Assert.Equal(0, seen.GetProperty("beforeClick").GetProperty("inputs").GetInt32());
        Assert.Equal("", seen.GetProperty("beforeClick").GetProperty("text").GetString());

        var credentials = seen.GetProperty("credentials");
        var keyId = credentials.GetProperty("keyId").GetString()!;
        var hmacKey = credentials.GetProperty("hmacKey").GetString()!;
        // The sandbox CA handed out one of the keys Pebble was started with.
        Assert.True(host.Pebble.EabPool.TryGetValue(keyId, out var expected), $"{keyId} is not in Pebble's pool");
        Assert.Equal(expected, hmacKey);
        Assert.True(credentials.GetProperty("hmacReadOnly").GetBoolean());
        Assert.True(credentials.GetProperty("hmacLabelled").GetBoolean());
        Assert.Equal(host.Pebble.DirectoryUri.ToString(), credentials.GetProperty("directoryUrl").GetString());
        var order = await host.GetOrderAsync(seen.GetProperty("orderId").GetString()!);
        Assert.Equal(order.GetProperty("caReference").GetString(), credentials.GetProperty("caReference").GetString());
        Assert.False(string.IsNullOrWhiteSpace(credentials.GetProperty("availableUntil").GetString()));
        var hint = credentials.GetProperty("hint").GetString()!;
        Assert.Contains($"--eab-kid {keyId}", hint);
        Assert.Contains($"--server {host.Pebble.DirectoryUri}", hint);
        Assert.Equal(hmacKey, seen.GetProperty("clipboard").GetString());

        // Kept in the page only: not in local storage, the URL or cookies; gone from the page when hidden.
        var storage = seen.GetProperty("storage");
        Assert.Equal(0, storage.GetProperty("local").GetInt32());
        Assert.Equal(["sslflow.apiKey"], Strings(storage.GetProperty("session")));
        Assert.DoesNotContain(hmacKey, storage.GetProperty("url").GetString());
        Assert.Equal("", storage.GetProperty("cookie").GetString());
        Assert.True(seen.GetProperty("stillShownAfterRefresh").GetBoolean());
        Assert.Equal(0, seen.GetProperty("afterHide").GetInt32());
        Assert.Contains("credentials-read", Strings(seen.GetProperty("timelineCauses")));
        Assert.DoesNotContain(hmacKey, order.GetRawText());
        // Renew term: the host's answer is shown.
        Assert.StartsWith("Renewal requested: ", seen.GetProperty("renewMessage").GetString());
        var renewKeys = Strings(seen.GetProperty("renewKeys")).ToList();
        Assert.Single(renewKeys);
        Assert.Matches("^[0-9a-f-]{36}$", renewKeys[0]);
        AssertScreenshot(screenshot);
    }

    [Fact]
    public async Task A_cancelled_caas_order_says_its_credentials_are_gone_and_cannot_be_regenerated()
    {
        var seen = await RunAsync("caas-gone");
        Assert.Equal(410, seen.GetProperty("apiStatus").GetInt32());
        Assert.Matches(@"^Credentials gone on \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}; they cannot be regenerated\.$", seen.GetProperty("message").GetString());
        Assert.Equal("gone", seen.GetProperty("messageKind").GetString());
        Assert.Equal(0, seen.GetProperty("hmacInputs").GetInt32());
        Assert.Equal("error", seen.GetProperty("renewKind").GetString());
        output.WriteLine($"renew when refunded: {seen.GetProperty("renewMessage").GetString()}");
        Assert.DoesNotContain("Renewal requested", seen.GetProperty("renewMessage").GetString());
    }

    private async Task<JsonElement> RunAsync(string scenario, string? screenshot = null, Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["SSLFLOW_BASE_URL"] = host.BaseUrl.ToString(),
            ["SSLFLOW_API_KEY"] = host.ApiKey,
            ["SSLFLOW_OPERATOR_KEY"] = host.OperatorKey,
            ["SSLFLOW_SCENARIO"] = scenario,
        };
        if (screenshot is not null) environment["SSLFLOW_SCREENSHOT"] = screenshot;
        foreach (var (k, v) in extra ?? []) environment[k] = v;
        var seen = await BrowserScript.RunAsync("dashboard-purchase.mjs", environment, output);
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        Assert.Empty(seen.GetProperty("foreignRequests").EnumerateArray());
        return seen;
    }

    private static string Screenshot(string name)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(RepoPaths.Root(), ".artifacts", "operator")).FullName, name);
        File.Delete(path);
        return path;
    }

    private void AssertScreenshot(string png)
    {
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 10_000, $"{png} is {bytes.Length} bytes");
        output.WriteLine($"screenshot: {png}");
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
