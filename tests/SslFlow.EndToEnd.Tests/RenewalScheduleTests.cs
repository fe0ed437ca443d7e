using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.Activities.Renewal;
using SslFlow.Application.Renewal;
using SslFlow.Domain.Orders;
using Microsoft.DurableTask.Client;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// The renewal schedule over weeks, on a fake clock, through the real engine over Azurite, the real inventory, the
/// vault, the ACME adapter at Pebble and SMTP into maildev: failing renewals retried on schedule, reminders once
/// each, expiry, and email that fails without failing anything.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class RenewalScheduleTests(LocalPartsFixture parts)
{
    [Fact]
    public async Task A_renewal_that_keeps_failing_is_retried_on_schedule_reminded_once_per_threshold_and_disabled_at_expiry()
    {
        var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        await using var stack = await FakeClockStack.StartAsync(parts, start);
        // An OV certificate validated by approver email: its renewal needs a person. At the ACME CA the renewal order
        // is refused (ACME has no email validation), so every attempt fails for real.
        var (id, email) = await SeedAsync(stack, "ov-single", DcvMethod.Email, start, days: 47);

        var planned = (await stack.Inventory.GetAsync(id, default))!;
        Assert.True(planned.NeedsPerson);
        Assert.Equal(planned.NotBefore + (planned.NotAfter - planned.NotBefore) / 3, planned.RenewAt); // early start, bounded by a third of the life
        Assert.DoesNotContain(await stack.Inventory.GetDueAsync(start.AddDays(1), 1000, default), i => i.CertificateId == id);

        var retryDelays = new List<TimeSpan>();
        var failureMails = 0;
        for (var round = 0; ; round++)
        {
            Assert.True(round < 60, "the schedule should reach expiry in fewer rounds");
            var item = (await stack.Inventory.GetAsync(id, default))!;
            stack.SetTime(RenewalPolicy.NextAttention(item)); // the cron run that first sees the due row
            var now = stack.Time.GetUtcNow();
            var expected = new List<string>();
            if (item.NotAfter <= now) expected.Add(RenewalScheduler.DisableInstanceId(item));
            else
            {
                if (RenewalPolicy.DueReminder(item, now) is { } d) expected.Add(RenewalScheduler.ReminderInstanceId(item, d));
                if (item.RenewAt <= now) expected.Add(RenewalScheduler.RenewalInstanceId(item));
            }
            Assert.NotEmpty(expected);

            // Two runs at the same moment: what is due starts once.
            var runs = await Task.WhenAll(stack.Scheduler.RunAsync(), stack.Scheduler.RunAsync());
            Assert.Equal(expected.Count, runs.Sum(r => r.Started + r.Reminded + r.Disabled));
            foreach (var instance in expected) Assert.Equal(OrchestrationRuntimeStatus.Completed, (await stack.WaitAsync(instance)).RuntimeStatus);

            if (item.NotAfter <= now) break;
            if (item.RenewAt <= now)
            {
                var after = (await stack.Inventory.GetAsync(id, default))!;
                Assert.Equal(item.Failures + 1, after.Failures);
                retryDelays.Add(after.RenewAt - now);
                if (after.Failures == 1 || after.Failures > 3) failureMails++;
            }
        }

        Assert.Equal([1, 10, 100], retryDelays.Take(3).Select(d => d.TotalMinutes));
        Assert.All(retryDelays.Skip(3), d => Assert.Equal(TimeSpan.FromDays(1), d));
        Assert.True(retryDelays.Count > 20, $"daily retries until expiry, got {retryDelays.Count}");

        var order = (await stack.Orders.GetAsync(id, default))!;
        Assert.Equal(OrderStatus.CertificateDisabled, order.Status);
        Assert.DoesNotContain(await stack.Inventory.GetDueAsync(start.AddYears(5), 1000, default), i => i.CertificateId == id);
        var lastRun = await stack.Scheduler.RunAsync();
        Assert.Equal(0, lastRun.Started + lastRun.Reminded + lastRun.Disabled);

        var mails = await MailsAsync(email, 5 + failureMails);
        Assert.Single(mails, m => m.Subject.StartsWith("Action needed to renew"));
        Assert.Equal(["expires in 30 days", "expires in 7 days", "expires in 1 day"],
            mails.Where(m => m.Subject.Contains("expires in")).Select(m => m.Subject[m.Subject.IndexOf("expires in", StringComparison.Ordinal)..]));
        Assert.All(mails.Where(m => m.Subject.Contains("expires in")), m => Assert.Contains("What the renewal is waiting for: a person", m.Text));
        var failed = mails.Where(m => m.Subject.StartsWith("Renewal for")).ToList();
        Assert.Equal(failureMails, failed.Count);
        Assert.All(failed, m => Assert.Contains("not by email", m.Text));
        Assert.Single(mails, m => m.Subject.EndsWith("expired") && m.Text.Contains("CERTIFICATE DISABLED"));
    }

    [Fact]
    public async Task A_failed_email_is_retried_and_a_mail_server_that_stays_down_fails_nothing()
    {
        await using var gate = new SmtpGate(parts.Mail.SmtpPort);
        var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        await using var stack = await FakeClockStack.StartAsync(parts, start, new Dictionary<string, string?> { ["SslFlow:Smtp:Port"] = gate.Port.ToString() });
        var (first, firstEmail) = await SeedAsync(stack, "dv-single", DcvMethod.Http01, start.AddDays(-90), days: 90);
        var (second, _) = await SeedAsync(stack, "dv-single", DcvMethod.Http01, start.AddDays(-90), days: 90);

        // Both expire now; the mail server is down.
        stack.SetTime(start.AddSeconds(1));
        Assert.Equal(2, (await stack.Scheduler.RunAsync()).Disabled);
        var firstItem = (await stack.Inventory.GetAsync(first, default))!;
        var secondItem = (await stack.Inventory.GetAsync(second, default))!;
        await gate.NextAttemptAsync(TimeSpan.FromSeconds(30));
        await gate.NextAttemptAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(OrderStatus.CertificateDisabled, (await stack.Orders.GetAsync(first, default))!.Status); // recorded before the email

        // Back up before the first retry (30 s later): that retry delivers, once.
        gate.Open = true;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await stack.WaitAsync(RenewalScheduler.DisableInstanceId(firstItem))).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await stack.WaitAsync(RenewalScheduler.DisableInstanceId(secondItem))).RuntimeStatus);
        Assert.Single(await MailsAsync(firstEmail, 1), m => m.Subject.EndsWith("expired"));

        // Down for good: four attempts (then 30 s, 2 min, 8 min apart), then the orchestration gives up and still completes.
        gate.Open = false;
        var (third, thirdEmail) = await SeedAsync(stack, "dv-single", DcvMethod.Http01, stack.Time.GetUtcNow().AddDays(-90), days: 90);
        var thirdItem = (await stack.Inventory.GetAsync(third, default))!;
        stack.SetTime(thirdItem.NotAfter.AddSeconds(1));
        var attemptsBefore = gate.Attempts;
        Assert.Equal(1, (await stack.Scheduler.RunAsync()).Disabled);
        var done = await stack.WaitAsync(RenewalScheduler.DisableInstanceId(thirdItem));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(4, gate.Attempts - attemptsBefore);
        Assert.Equal(OrderStatus.CertificateDisabled, (await stack.Orders.GetAsync(third, default))!.Status);
        Assert.Empty(await MailsAsync(thirdEmail, 0));
    }

    [Fact]
    public async Task The_local_timer_runs_the_renewal_on_the_same_cron_schedule_as_the_functions_trigger()
    {
        Assert.Equal(RenewalScheduler.Schedule, new LocalHost.Composition.LocalHostOptions().RenewalSchedule);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero).AddMinutes(1); // 00:01: the next occurrence is 00:30
        await using var stack = await FakeClockStack.StartAsync(parts, start, renewalTimer: true);
        var (id, email) = await SeedAsync(stack, "dv-single", DcvMethod.Http01, start.AddDays(-90).AddMinutes(10), days: 90); // expires at 00:11
        var item = (await stack.Inventory.GetAsync(id, default))!;

        stack.SetTime(start.AddMinutes(28)); // 00:29: past notAfter, before the run
        Assert.Null(await stack.Workflow.GetInstanceAsync(RenewalScheduler.DisableInstanceId(item)));
        Assert.Equal(RenewalScheduler.NextOccurrence(start), start.AddMinutes(29));
        stack.SetTime(start.AddMinutes(29)); // 00:30: the timer's run
        var instance = await WaitForInstanceAsync(stack, RenewalScheduler.DisableInstanceId(item));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await stack.WaitAsync(instance)).RuntimeStatus);
        Assert.Equal(OrderStatus.CertificateDisabled, (await stack.Orders.GetAsync(id, default))!.Status);
        Assert.Single(await MailsAsync(email, 1), m => m.Subject.EndsWith("expired"));
    }

    private static async Task<string> WaitForInstanceAsync(FakeClockStack stack, string instanceId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(50)) // the timer's run starts it; observed through the client
        {
            if (await stack.Workflow.GetInstanceAsync(instanceId) is not null) return instanceId;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{instanceId} was not started by the timer.");
        }
    }

    internal static async Task<(string Id, string Email)> SeedAsync(FakeClockStack stack, string product, DcvMethod dcv, DateTimeOffset notBefore, int days, string ca = "acme")
    {
        var id = $"sch-{Guid.NewGuid():N}"[..16];
        var name = $"{id}.sslflow.test";
        var email = $"{id}@customers.test";
        var notAfter = notBefore.AddDays(days);
        const string serial = "0123AB";
        await stack.Orders.CreateAsync(new OrderRecord(id, product, [name], dcv.ToString(), email, OrderStatus.Active, OrderSubStatus.None, notBefore, notBefore, ca,
            CaReference: $"ref-{id}", CertificateName: $"order-{id}", SerialNumber: serial, NotBefore: notBefore, NotAfter: notAfter), default);
        // As the order orchestration records an issued certificate: through the activity, which plans the renewal.
        var item = new InventoryItem(id, product, [name], ca, dcv, email, $"order-{id}", KeyAlgorithm.EcP256, serial, notBefore, notAfter,
            RenewalPolicy.RenewAt(id + serial, notBefore, notAfter));
        await stack.Services.GetRequiredService<UpdateInventory>().RunAsync(DirectActivityContext.For<UpdateInventory>(), new UpdateInventoryInput(item));
        return (id, email);
    }

    internal sealed record Mail(string Subject, string Text, string Html, JsonElement Raw);

    /// <summary>maildev's messages to one address, once at least <paramref name="atLeast"/> have arrived (bounded wait).</summary>
    internal async Task<List<Mail>> MailsAsync(string address, int atLeast)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200)) // observing maildev through its API
        {
            var mine = (await parts.Mail.GetMessagesAsync())
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == address))
                .Select(m => new Mail(m.GetProperty("subject").GetString()!, m.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "",
                    m.TryGetProperty("html", out var h) ? h.GetString() ?? "" : "", m))
                .OrderBy(m => m.Raw.TryGetProperty("date", out var d) ? d.GetString() : "")
                .ToList();
            if (mine.Count >= atLeast || DateTime.UtcNow > deadline) return mine;
        }
    }
}
