using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.Adapters.SandboxCa;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// OV and EV orders through the real host and the real sandbox CA process: each validation step is finished at the CA
/// (by its operator, or by its auto mode) and reaches the order by a signed webhook; a rejection ends in ACTIVATION
/// ERROR with the CA's reason; with every webhook lost, the slow poll of the CA still carries the order to ACTIVE.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class OvEvOrderTests(LocalPartsFixture parts)
{
    private const string Dcv = "The request has been accepted and domain control validation is in progress";
    private const string Organization = "The request has been accepted and the organization checks are underway";
    private const string ExtraEv = "The request has been accepted and the additional checks required for EV SSL Certificates are underway";

    [Fact]
    public async Task An_ov_order_advances_on_each_operator_approval_by_webhook_and_becomes_active_with_an_organization_certificate()
    {
        // The default slow poll (hours) cannot help here: only webhooks move the order.
        await using var host = await SandboxHost.StartAsync(parts);
        var domain = $"ov-{Guid.NewGuid():N}"[..15] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { domains = new[] { domain }, product = "ov-single", dcvMethod = "dns-01", contactEmail = "ops@sslflow.test" });

        var view = await WaitForSubStatusAsync(host, orderId, Dcv);
        var caReference = view.GetProperty("caReference").GetString()!;
        await host.Sandbox.ApproveAsync(caReference, "domain_control");
        await WaitForSubStatusAsync(host, orderId, Organization);
        // The host's own operator client (what the dashboard's "approve in the sandbox CA" uses).
        await host.App.Services.GetRequiredService<SandboxCaOperatorClient>().ApproveAsync(caReference, "organization", default);
        view = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        Assert.Equal([Dcv, Organization], SubStatuses(view));
        using var leaf = await host.AssertChainsToSandboxRootAsync(orderId);
        Assert.Contains("O=SslFlow Demo Organization", leaf.Subject);
        Assert.Equal(domain, leaf.GetNameInfo(X509NameType.DnsName, false));
        Assert.Equal(view.GetProperty("serialNumber").GetString(), leaf.SerialNumber);
        var deliveries = await DeliveriesAsync(host, caReference);
        Assert.Equal(["dcv.completed:delivered", "organization.validated:delivered", "issued:delivered"], deliveries);
    }

    [Fact]
    public async Task An_ev_order_in_the_cas_auto_mode_passes_domain_organization_and_ev_checks_by_webhooks_to_active()
    {
        await using var host = await SandboxHost.StartAsync(parts, autoApproveAfter: TimeSpan.FromMilliseconds(300));
        var domain = $"ev-{Guid.NewGuid():N}"[..15] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { domains = new[] { domain }, product = "ev-single", dcvMethod = "dns-01", contactEmail = "ops@sslflow.test" });

        var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        Assert.Equal([Dcv, Organization, ExtraEv], SubStatuses(view));
        using var leaf = await host.AssertChainsToSandboxRootAsync(orderId);
        Assert.Contains(leaf.Extensions, e => e.Oid?.Value == "2.5.29.32" && Convert.ToHexString(e.RawData).Contains("060567810C0101", StringComparison.Ordinal)); // EV policy 2.23.140.1.1
        var caReference = view.GetProperty("caReference").GetString()!;
        var deliveries = await DeliveriesAsync(host, caReference);
        Assert.Equal(["dcv.completed:delivered", "organization.validated:delivered", "ev.checks.completed:delivered", "issued:delivered"], deliveries);

        // Revocation through the API reaches the CA.
        var revoke = await host.Http.PostAsJsonAsync($"api/orders/{orderId}/revoke", new { reason = "keyCompromise" });
        Assert.True(revoke.IsSuccessStatusCode, await revoke.Content.ReadAsStringAsync());
        await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "REVOKED");
        var atCa = await host.Sandbox.GetOrderAsync(caReference);
        Assert.Equal("revoked", atCa.GetProperty("status").GetString());
        Assert.True(atCa.GetProperty("certificate").GetProperty("revoked").GetBoolean());
    }

    [Fact]
    public async Task Cancelling_an_ov_order_during_validation_cancels_it_at_the_ca_and_refunds()
    {
        await using var host = await SandboxHost.StartAsync(parts);
        var domain = $"cx-{Guid.NewGuid():N}"[..15] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { domains = new[] { domain }, product = "ov-single", dcvMethod = "dns-01", contactEmail = "ops@sslflow.test" });
        var caReference = (await WaitForSubStatusAsync(host, orderId, Dcv)).GetProperty("caReference").GetString()!;

        var cancel = await host.Http.PostAsJsonAsync($"api/orders/{orderId}/cancel", new { reason = "Customer changed their mind" });
        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "REFUNDED");

        Assert.Equal("cancelled", (await host.Sandbox.GetOrderAsync(caReference)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rejection_at_the_ca_ends_the_order_in_activation_error_with_the_cas_reason()
    {
        await using var host = await SandboxHost.StartAsync(parts);
        var domain = $"rj-{Guid.NewGuid():N}"[..15] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { domains = new[] { domain }, product = "ev-single", dcvMethod = "dns-01", contactEmail = "ops@sslflow.test" });
        var caReference = (await WaitForSubStatusAsync(host, orderId, Dcv)).GetProperty("caReference").GetString()!;
        await host.Sandbox.ApproveAsync(caReference, "domain_control");
        await WaitForSubStatusAsync(host, orderId, Organization);

        await host.Sandbox.RejectAsync(caReference, "The organization is not registered at the stated address.");
        var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVATION ERROR", "ACTIVE", "REFUNDED", "TO BE REFUNDED");

        Assert.Equal("ACTIVATION ERROR", view.GetProperty("status").GetString());
        Assert.Contains("not registered at the stated address", view.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task With_every_webhook_lost_the_slow_poll_of_the_ca_recovers_each_step_and_the_order_becomes_active()
    {
        await using var host = await SandboxHost.StartAsync(parts, autoApproveAfter: TimeSpan.FromMilliseconds(200), dropWebhooksPercent: 100,
            overrides: new Dictionary<string, string?> { ["SslFlow:Orders:ValidationPollInterval"] = "00:00:01" });
        var domain = $"lost-{Guid.NewGuid():N}"[..17] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { domains = new[] { domain }, product = "ov-single", dcvMethod = "dns-01", contactEmail = "ops@sslflow.test" });

        var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        var deliveries = await DeliveriesAsync(host, view.GetProperty("caReference").GetString()!);
        Assert.Contains("dcv.completed:dropped", deliveries);
        Assert.Contains("organization.validated:dropped", deliveries);
        Assert.DoesNotContain(deliveries, d => d.EndsWith(":delivered", StringComparison.Ordinal));
        using var leaf = await host.AssertChainsToSandboxRootAsync(orderId);
    }

    [Fact]
    public async Task Email_dcv_the_approver_gets_the_cas_email_a_resend_sends_another_and_following_its_link_completes_domain_control()
    {
        await using var host = await SandboxHost.StartAsync(parts);
        var domain = $"em-{Guid.NewGuid():N}"[..15] + ".sslflow.test";
        var approver = "admin@sslflow.test"; // a constructed address at the base domain (BR 3.2.2.4.4)
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { domains = new[] { domain }, product = "ov-single", dcvMethod = "email", approverEmail = approver, contactEmail = "ops@sslflow.test" });
        var caReference = (await WaitForSubStatusAsync(host, orderId, Dcv)).GetProperty("caReference").GetString()!;

        var first = await WaitForApproverEmailsAsync(approver, caReference, 1);
        var resend = await host.Http.PostAsync($"api/orders/{orderId}/resend-approval", null);
        Assert.True(resend.IsSuccessStatusCode, await resend.Content.ReadAsStringAsync());
        var both = await WaitForApproverEmailsAsync(approver, caReference, 2);
        var link = System.Text.RegularExpressions.Regex.Match(both[^1], @"http://\S+/dcv/approve/[0-9a-f]+").Value;
        Assert.Equal(link, System.Text.RegularExpressions.Regex.Match(first[0], @"http://\S+/dcv/approve/[0-9a-f]+").Value); // the same name, the same link

        using var browser = new HttpClient();
        Assert.Contains(domain, await browser.GetStringAsync(link)); // a look (or a mail scanner's prefetch) approves nothing
        Assert.Equal("pending", (await host.Sandbox.GetOrderAsync(caReference)).GetProperty("status").GetString());
        (await browser.PostAsync(link, null)).EnsureSuccessStatusCode();
        await WaitForSubStatusAsync(host, orderId, Organization);
        await host.Sandbox.ApproveAsync(caReference, "organization");

        var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR");
        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        Assert.Equal(["dcv.completed:delivered", "organization.validated:delivered", "issued:delivered"], await DeliveriesAsync(host, caReference));
    }

    /// <summary>The texts of the sandbox CA's approver emails for this order that reached maildev, once there are <paramref name="count"/>.</summary>
    private async Task<List<string>> WaitForApproverEmailsAsync(string approver, string caReference, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var texts = (await parts.Mail.GetMessagesAsync())
                .Where(m => m.GetProperty("subject").GetString()!.Contains(caReference, StringComparison.Ordinal)
                            && m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == approver))
                .Select(m => m.GetProperty("text").GetString()!).ToList();
            if (texts.Count >= count) return texts;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} approver email(s) for {caReference} never reached {approver}; saw {texts.Count}.");
            await Task.Delay(100); // observing maildev through its API
        }
    }

    private static List<string?> SubStatuses(JsonElement view) =>
        view.GetProperty("transitions").EnumerateArray().Where(t => t.GetProperty("to").GetString() == "ACTIVATION IN PROGRESS")
            .Select(t => t.GetProperty("subStatus").GetString()).Distinct().ToList();

    private static async Task<List<string>> DeliveriesAsync(SandboxHost host, string caReference) =>
        (await host.Sandbox.GetWebhookDeliveriesAsync()).EnumerateArray()
            .Where(d => d.GetProperty("caReference").GetString() == caReference)
            .Select(d => $"{d.GetProperty("type").GetString()}:{d.GetProperty("outcome").GetString()}").ToList();

    private static async Task<JsonElement> WaitForSubStatusAsync(SandboxHost host, string orderId, string subStatus)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var view = JsonDocument.Parse(await host.Http.GetStringAsync($"api/orders/{orderId}")).RootElement;
            if (view.GetProperty("subStatus").GetString() == subStatus && view.GetProperty("caReference").ValueKind == JsonValueKind.String) return view;
            Assert.NotEqual("ACTIVATION ERROR", view.GetProperty("status").GetString());
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Order {orderId} never showed '{subStatus}': {view}");
            await Task.Delay(100); // a customer watching the status API
        }
    }
}
