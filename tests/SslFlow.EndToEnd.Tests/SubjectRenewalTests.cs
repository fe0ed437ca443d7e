using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Application.Renewal;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.Inventory;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// Renewal and reissue keep what the order's certificate names, through the real local host and the real sandbox CA
/// process (auto mode): an OV renewal and an OV reissue still carry the organization (O, L, ST, C), and the renewal's
/// organization step is the reuse of the order's vetting; an S/MIME Pro renewal still names the person.
/// Renewal and reissue CA orders are not the order's CA reference, so their webhooks find no pipeline: the slow poll,
/// a short setting here, moves them.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class SubjectRenewalTests(LocalPartsFixture parts)
{
    private const string GivenName = "2.5.4.42", Surname = "2.5.4.4", CommonName = "2.5.4.3";
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private static object Organization(string suffix) => new
    {
        legalName = $"Bianchi {suffix} S.p.A.", country = "IT", stateOrProvince = "Piemonte", locality = "Torino",
        streetAddress = "Via Po 3", postalCode = "10123", phone = "+390111234567",
    };

    private static readonly object Contacts = new
    {
        admin = new { name = "Anna Rossi", email = "anna@sslflow.test", phone = "+390212345679" },
        technical = new { name = "Marco Bianchi", email = "marco@sslflow.test", phone = "+390212345670" },
    };

    private Task<SandboxHost> StartAsync() => SandboxHost.StartAsync(parts, autoApproveAfter: TimeSpan.FromMilliseconds(200),
        overrides: new Dictionary<string, string?>
        {
            ["SslFlow:Orders:ValidationPollInterval"] = "00:00:01",
            ["SslFlow:Inventory:TablePrefix"] = "Inv" + Guid.NewGuid().ToString("N")[..10], // the renewal run sees only this host's certificates
        });

    [Fact]
    public async Task A_renewed_ov_certificate_still_names_the_organization_and_the_renewal_reuses_the_orders_vetting()
    {
        await using var host = await StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new
        {
            domains = new[] { $"rn-{suffix}.sslflow.test" }, product = "ov-single", dcvMethod = "dns-01", contactEmail = "ops@sslflow.test",
            organization = Organization(suffix), contacts = Contacts,
        });
        var first = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR");
        Assert.Equal("ACTIVE", first.GetProperty("status").GetString());
        var firstRef = first.GetProperty("caReference").GetString()!;
        var item = await WaitForInventoryAsync(host, orderId, first.GetProperty("serialNumber").GetString()!);
        Assert.Equal($"Bianchi {suffix} S.p.A.", item.Subject?.Organization?.LegalName);

        var renewed = await RenewAsync(host, item);

        using var leaf = await LeafAsync(host, orderId);
        Assert.Equal(renewed.SerialNumber, leaf.SerialNumber);
        AssertOrganization(leaf, suffix);
        var atCa = await SandboxOrderAsync(host, RenewalScheduler.RenewalInstanceId(item) + ":issue"); // the renewal pipeline's own instance id (issue 26 item 1)
        Assert.Equal($"Bianchi {suffix} S.p.A.", atCa.GetProperty("organization").GetProperty("legalName").GetString());
        var organizationStep = atCa.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "organization");
        Assert.Equal(firstRef, organizationStep.GetProperty("reusedFrom").GetString()); // the order's vetting, not a new one
        Assert.Equal(item.Subject, (await host.App.Services.GetRequiredService<ICertificateInventory>().GetAsync(orderId, default))!.Subject); // and for the next renewal
    }

    [Fact]
    public async Task An_ov_certificate_reissued_with_an_added_name_still_names_the_organization()
    {
        await using var host = await StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new
        {
            domains = new[] { $"ri-{suffix}.sslflow.test" }, product = "ov-multi", dcvMethod = "dns-01", contactEmail = "ops@sslflow.test",
            organization = Organization(suffix), contacts = Contacts,
        });
        var first = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR");
        Assert.Equal("ACTIVE", first.GetProperty("status").GetString());
        var oldSerial = first.GetProperty("serialNumber").GetString();
        var added = $"ri2-{suffix}.sslflow.test";

        var response = await host.Http.PostAsJsonAsync($"api/orders/{orderId}/reissue", new { addDomains = new[] { added } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using (var wait = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            var done = await host.Workflow.WaitForInstanceCompletionAsync($"reissue-{orderId}-{oldSerial}", wait.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }

        using var leaf = await LeafAsync(host, orderId);
        Assert.NotEqual(oldSerial, leaf.SerialNumber);
        Assert.Contains(added, leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        AssertOrganization(leaf, suffix);
        var item = (await host.App.Services.GetRequiredService<ICertificateInventory>().GetAsync(orderId, default))!;
        Assert.Equal((leaf.SerialNumber, $"Bianchi {suffix} S.p.A."), (item.SerialNumber, item.Subject?.Organization?.LegalName)); // its renewals keep it too
    }

    [Fact]
    public async Task A_renewed_smime_pro_certificate_still_names_the_person()
    {
        await using var host = await StartAsync();
        var mailbox = $"luca.{Guid.NewGuid():N}"[..13] + "@sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new
        {
            product = "smime-pro", mailbox, contactEmail = "ops@sslflow.test", person = new { givenName = "Luca", surname = "Ferri" },
        });
        var first = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");
        Assert.Equal("ACTIVE", first.GetProperty("status").GetString());
        var item = await WaitForInventoryAsync(host, orderId, first.GetProperty("serialNumber").GetString()!);

        var renewed = await RenewAsync(host, item);

        using var leaf = await LeafAsync(host, orderId);
        Assert.Equal(renewed.SerialNumber, leaf.SerialNumber);
        var subject = Attributes(leaf.SubjectName);
        Assert.Equal(("Luca", "Ferri", "Luca Ferri"), (subject[GivenName], subject[Surname], subject[CommonName]));
        Assert.Equal(mailbox, leaf.GetNameInfo(X509NameType.EmailName, false));
    }

    /// <summary>One renewal run at the item's renewal moment (a fake clock for the scheduler only), awaited to its end.</summary>
    private static async Task<RenewalResult> RenewAsync(SandboxHost host, InventoryItem item)
    {
        var inventory = host.App.Services.GetRequiredService<ICertificateInventory>();
        var scheduler = new RenewalScheduler(inventory, host.Workflow, new FakeTimeProvider(item.RenewAt.AddMinutes(1)), NullLogger<RenewalScheduler>.Instance,
            new WorkflowTimings(ValidationPollInterval: Poll));
        Assert.Equal(1, (await scheduler.RunAsync()).Started);
        using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var done = await host.Workflow.WaitForInstanceCompletionAsync(RenewalScheduler.RenewalInstanceId(item), getInputsAndOutputs: true, wait.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<RenewalResult>()!;
        Assert.True(result.Renewed, result.Error);
        return result;
    }

    private static void AssertOrganization(X509Certificate2 leaf, string suffix)
    {
        Assert.Contains($"O=Bianchi {suffix} S.p.A.", leaf.Subject);
        Assert.Contains("L=Torino", leaf.Subject);
        Assert.Contains("S=Piemonte", leaf.Subject);
        Assert.Contains("C=IT", leaf.Subject);
    }

    private static async Task<X509Certificate2> LeafAsync(SandboxHost host, string orderId)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await host.Http.GetStringAsync($"api/orders/{orderId}/certificate"));
        return chain[0];
    }

    private static async Task<JsonElement> SandboxOrderAsync(SandboxHost host, string orderKey) =>
        (await host.Sandbox.ListOrdersAsync()).EnumerateArray().Single(o => o.GetProperty("orderKey").GetString() == orderKey);

    private static async Task<InventoryItem> WaitForInventoryAsync(SandboxHost host, string orderId, string serial)
    {
        var inventory = host.App.Services.GetRequiredService<ICertificateInventory>();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100)) // the inventory write follows ACTIVE
        {
            if (await inventory.GetAsync(orderId, default) is { } item && item.SerialNumber == serial) return item;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("No inventory item.");
        }
    }

    private static Dictionary<string, string> Attributes(X500DistinguishedName name) =>
        name.EnumerateRelativeDistinguishedNames().ToDictionary(r => r.GetSingleElementType().Value!, r => r.GetSingleElementValue()!);
}
