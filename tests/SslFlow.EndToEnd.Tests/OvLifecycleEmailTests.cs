using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.Activities.Renewal;
using SslFlow.Application.Renewal;
using SslFlow.DevStack;
using SslFlow.DevHost.LocalStack;
using Microsoft.DurableTask.Client;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Renewal;
using SslFlow.Domain.Rules;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// An OV order at the sandbox CA (a reseller-style order API with webhooks, steps approving themselves) through the
/// local host and on a fake clock: the customer's mails for each step arrive in maildev, and renewals reuse the
/// organization vetting while it is reusable, and ask for a person (telling the customer first) once it is not.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class OvLifecycleEmailTests(LocalPartsFixture parts)
{
    [Fact]
    public async Task An_ov_order_at_the_sandbox_ca_mails_each_step_with_the_chain_attached_when_issued()
    {
        await using var host = await SandboxHost.StartAsync(parts, autoApproveAfter: TimeSpan.FromMilliseconds(200));
        var domain = $"ov-{Guid.NewGuid():N}"[..15] + ".sslflow.test";
        var contact = $"{domain}@customers.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { domains = new[] { domain }, product = "ov-single", dcvMethod = "dns-01", contactEmail = contact });
        var issued = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR");
        Assert.Equal("ACTIVE", issued.GetProperty("status").GetString());
        var firstSerial = issued.GetProperty("serialNumber").GetString();

        var mails = await MailsAsync(contact, 4);
        Assert.Contains(mails, m => m.Subject.Contains("received"));
        var dcv = mails.Single(m => m.Subject.StartsWith("Action needed: validate"));
        Assert.Contains($"add a DNS TXT record", dcv.Text);
        Assert.Contains(mails, m => m.Subject.StartsWith("Organization checks underway") && m.Text.Contains("checking your organization"));
        var issuedMail = mails.Single(m => m.Subject.EndsWith("is issued"));
        var pem = await AttachmentAsync(issuedMail.Raw);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(pem);
        Assert.Equal(firstSerial, chain[0].SerialNumber);
        Assert.Contains(domain, chain[0].GetNameInfo(X509NameType.DnsName, false));

        // The inventory knows it is OV and when the organization was vetted; within the reuse period no person is needed.
        var item = await WaitForInventoryAsync(host.App.Services.GetRequiredService<ICertificateInventory>(), orderId, firstSerial!);
        Assert.Equal(item.NotBefore, item.OrganizationValidatedAt);
        Assert.False(item.NeedsPerson);
    }

    /// <summary>
    /// OV renewals at the sandbox CA on a fake clock (no web front: the CA's progress is picked up by the pipeline's
    /// slow poll, which the clock brings round): the first reuses the organization vetting, the second — vetting 500
    /// days old — needs a person, starts early, tells the customer, and records the new vetting.
    /// </summary>
    [Fact]
    public async Task Ov_renewals_reuse_the_vetting_while_reusable_and_ask_for_a_person_once_it_is_not()
    {
        await using var sandbox = await SandboxCaRunner.StartAsync(autoApproveAfter: TimeSpan.FromMilliseconds(100));
        var start = DateTimeOffset.UtcNow;
        await using var stack = await FakeClockStack.StartAsync(parts, start, HostSettings.ForSandbox(sandbox, "whsec_" + Guid.NewGuid().ToString("N")));
        var (orderId, contact) = await RenewalScheduleTests.SeedAsync(stack, "ov-single", DcvMethod.Dns01, start.AddDays(-150), days: 200, ca: "sandbox");
        var item = (await stack.Inventory.GetAsync(orderId, default))!;
        Assert.False(item.NeedsPerson);

        var first = await RenewAsync(stack, item);
        var afterFirst = (await stack.Inventory.GetAsync(orderId, default))!;
        Assert.Equal(first.SerialNumber, afterFirst.SerialNumber);
        Assert.Equal(item.OrganizationValidatedAt, afterFirst.OrganizationValidatedAt); // vetting reused
        var renewedMail = (await MailsAsync(contact, 1)).Single(m => m.Subject.EndsWith("renewed"));
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await AttachmentAsync(renewedMail.Raw));
        Assert.Equal(first.SerialNumber, chain[0].SerialNumber);
        Assert.Equal(afterFirst.SerialNumber, (await stack.Orders.GetAsync(orderId, default))!.SerialNumber);

        await stack.Services.GetRequiredService<UpdateInventory>().RunAsync(DirectActivityContext.For<UpdateInventory>(), new UpdateInventoryInput(afterFirst with
        {
            OrganizationValidatedAt = afterFirst.NotBefore.AddDays(-500),
            RenewAt = RenewalPolicy.RenewAt(orderId + afterFirst.SerialNumber, afterFirst.NotBefore, afterFirst.NotAfter),
        }));
        var stale = (await stack.Inventory.GetAsync(orderId, default))!;
        Assert.True(stale.NeedsPerson);
        var second = await RenewAsync(stack, stale);
        var afterSecond = (await stack.Inventory.GetAsync(orderId, default))!;
        Assert.Equal(second.SerialNumber, afterSecond.SerialNumber);
        Assert.False(afterSecond.NeedsPerson);
        Assert.Equal(afterSecond.NotBefore, afterSecond.OrganizationValidatedAt); // vetted again by this renewal
        var mails = await MailsAsync(contact, 3);
        Assert.Contains("verify your organization again", Assert.Single(mails, m => m.Subject.StartsWith("Action needed to renew")).Text);
        Assert.Equal(2, mails.Count(m => m.Subject.EndsWith("renewed")));
    }

    private static async Task<RenewalResult> RenewAsync(FakeClockStack stack, InventoryItem item)
    {
        stack.SetTime(item.RenewAt.AddMinutes(1));
        Assert.Equal(1, (await stack.Scheduler.RunAsync()).Started);
        var done = await stack.WaitAsync(RenewalScheduler.RenewalInstanceId(item));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<RenewalResult>()!;
        Assert.True(result.Renewed, result.Error);
        return result;
    }

    private static async Task<InventoryItem> WaitForInventoryAsync(ICertificateInventory inventory, string orderId, string serial)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100)) // the inventory write follows ACTIVE
        {
            if (await inventory.GetAsync(orderId, default) is { } item && item.SerialNumber == serial) return item;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("No inventory item.");
        }
    }

    private sealed record Mail(string Subject, string Text, JsonElement Raw);

    private async Task<List<Mail>> MailsAsync(string address, int atLeast)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200)) // observing maildev through its API
        {
            var mine = (await parts.Mail.GetMessagesAsync())
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == address))
                .Select(m => new Mail(m.GetProperty("subject").GetString()!, m.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "", m))
                .ToList();
            if (mine.Count >= atLeast || DateTime.UtcNow > deadline) return mine;
        }
    }

    private async Task<string> AttachmentAsync(JsonElement message)
    {
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{parts.Mail.WebPort}/") };
        return await http.GetStringAsync($"email/{message.GetProperty("id").GetString()}/attachment/{Uri.EscapeDataString(attachment.GetProperty("generatedFileName").GetString()!)}");
    }
}
