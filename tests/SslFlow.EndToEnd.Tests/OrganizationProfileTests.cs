using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// Organization profiles through the real local host and the real sandbox CA process (issue 16): a customer keeps its
/// organization, activates an OV purchase with <c>organizationProfileId</c> alone, the certificate names the profile's
/// organization, the profile then shows the CA's vetting, and a second order with the profile skips the organization
/// step at the CA. Another customer cannot see the profile.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class OrganizationProfileTests(LocalPartsFixture parts)
{
    [Fact]
    public async Task An_ov_order_activated_with_a_profile_names_its_organization_and_vets_it_for_the_next_order()
    {
        var startDay = DateOnly.FromDateTime(DateTime.UtcNow);
        var otherKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        // No auto mode: only the operator's approvals move the orders, so the second order's organization step can only be the reuse.
        await using var host = await SandboxHost.StartAsync(parts, overrides: new Dictionary<string, string?>
        {
            ["SslFlow:Accounts:other-customer:ApiKeys:0"] = otherKey,
            ["SslFlow:Inventory:TablePrefix"] = "Inv" + Guid.NewGuid().ToString("N")[..10], // this host's own profiles table
        });
        using var other = new HttpClient { BaseAddress = host.Http.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", otherKey);
        var suffix = Guid.NewGuid().ToString("N")[..8];

        var create = await host.Http.PostAsJsonAsync("api/organization-profiles", new
        {
            name = "Bianchi HQ",
            organization = new
            {
                legalName = $"Bianchi {suffix} S.p.A.", country = "IT", stateOrProvince = "Toscana", locality = "Firenze",
                streetAddress = "Via dei Calzaiuoli 7", postalCode = "50122", phone = "+390551234567",
            },
            contacts = new
            {
                admin = new { name = "Anna Bianchi", email = "anna@sslflow.test", phone = "+390551234568" },
                technical = new { name = "Luca Neri", email = "luca@sslflow.test", phone = "+390551234569" },
            },
        });
        Assert.True(create.StatusCode == HttpStatusCode.Created, await create.Content.ReadAsStringAsync());
        var profileId = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/organization-profiles/{profileId}", create.Headers.Location!.OriginalString);

        // Another customer: the profile is a missing one, and cannot be named on its orders either.
        var foreign = await other.GetAsync($"api/organization-profiles/{profileId}");
        var missing = await other.GetAsync("api/organization-profiles/prof-00000000000000000000");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreign.StatusCode, missing.StatusCode));
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("api/organization-profiles")).GetProperty("items").EnumerateArray());

        // First order: a purchase activated with the profile alone (organization and contacts come from it).
        var first = await PurchaseAsync(host);
        var activate = await host.Http.PostAsJsonAsync($"api/orders/{first}/activate",
            new { domains = new[] { $"p1-{suffix}.sslflow.test" }, dcvMethod = "dns-01", organizationProfileId = profileId });
        Assert.True(activate.StatusCode == HttpStatusCode.Accepted, await activate.Content.ReadAsStringAsync());
        var firstRef = await CaReferenceAsync(host, first);
        await host.Sandbox.ApproveAsync(firstRef, "domain_control");
        await host.Sandbox.ApproveAsync(firstRef, "organization");
        var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, first, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR");
        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        Assert.Equal(profileId, view.GetProperty("organizationProfileId").GetString());
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await host.Http.GetStringAsync($"api/orders/{first}/certificate"));
        using (var leaf = chain[0])
        {
            Assert.Contains($"O=Bianchi {suffix} S.p.A.", leaf.Subject);
            Assert.Contains("L=Firenze", leaf.Subject);
            Assert.Contains("S=Toscana", leaf.Subject);
            Assert.Contains("C=IT", leaf.Subject);
        }
        Assert.Equal("Anna Bianchi", (await host.Sandbox.GetOrderAsync(firstRef)).GetProperty("contacts").GetProperty("admin").GetProperty("name").GetString());

        // The order's last step gives the profile the CA's vetting.
        var profile = await WaitForVettingAsync(host.Http, profileId);
        var vetting = profile.GetProperty("vetting");
        Assert.Equal(("OV", "sandbox", firstRef), (vetting.GetProperty("level").GetString(), vetting.GetProperty("caName").GetString(), vetting.GetProperty("caReference").GetString()));
        var vettedOn = DateOnly.Parse(vetting.GetProperty("vettedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(vettedOn, startDay, DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.True(DateOnly.Parse(vetting.GetProperty("reusableUntil").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > vettedOn.AddDays(390));
        Assert.Contains(first, profile.GetProperty("orderIds").EnumerateArray().Select(o => o.GetString()));

        // Second order with the same profile: the answer says the vetting is reusable, and the CA skips the organization step.
        var second = await PurchaseAsync(host);
        activate = await host.Http.PostAsJsonAsync($"api/orders/{second}/activate",
            new { domains = new[] { $"p2-{suffix}.sslflow.test" }, dcvMethod = "dns-01", organizationProfileId = profileId });
        var accepted = await activate.Content.ReadAsStringAsync();
        Assert.True(activate.StatusCode == HttpStatusCode.Accepted, accepted);
        Assert.Contains("reusable until", accepted);
        var secondRef = await CaReferenceAsync(host, second);
        var organizationStep = (await host.Sandbox.GetOrderAsync(secondRef)).GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "organization");
        Assert.Equal(("completed", firstRef), (organizationStep.GetProperty("status").GetString(), organizationStep.GetProperty("reusedFrom").GetString()));
        await host.Sandbox.ApproveAsync(secondRef, "domain_control");
        Assert.Equal("ACTIVE", (await LocalPartsFixture.WaitForStatusAsync(host.Http, second, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR")).GetProperty("status").GetString());

        // The reused vetting keeps its first order and day; the profile lists both orders; the other customer still sees nothing.
        profile = await WaitForAsync(host.Http, profileId, p => p.GetProperty("orderIds").EnumerateArray().Count() == 2);
        Assert.Equal(firstRef, profile.GetProperty("vetting").GetProperty("caReference").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"api/organization-profiles/{profileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"api/organization-profiles/{profileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync($"api/organization-profiles/{profileId}")).StatusCode);
    }

    private static async Task<string> PurchaseAsync(SandboxHost host)
    {
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { product = "ov-single" });
        await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "PENDING ACTIVATION");
        // An activation is taken once the purchase is recorded (before, it is refused with 409 and retried).
        for (var deadline = DateTime.UtcNow.AddMinutes(1); !(await host.Http.GetStringAsync("api/orders?status=PENDING%20ACTIVATION&pageSize=1000")).Contains(orderId, StringComparison.Ordinal); await Task.Delay(100))
        {
            Assert.True(DateTime.UtcNow < deadline, "The purchase was never recorded."); // observing the public API
        }
        return orderId;
    }

    private static Task<JsonElement> WaitForVettingAsync(HttpClient http, string profileId) =>
        WaitForAsync(http, profileId, p => p.GetProperty("vetting").ValueKind == JsonValueKind.Object);

    /// <summary>Polls the profile (as a customer would) until <paramref name="done"/>.</summary>
    private static async Task<JsonElement> WaitForAsync(HttpClient http, string profileId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var profile = await http.GetFromJsonAsync<JsonElement>($"api/organization-profiles/{profileId}");
            if (done(profile)) return profile;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Profile {profileId} never got there: {profile}");
            await Task.Delay(100); // observing the public API
        }
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
}
