using Microsoft.Extensions.Logging;
using Microsoft.DurableTask.Client;
using SslFlow.Application.Workflow;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Renewal;

namespace SslFlow.Application.Renewal;

/// <summary>
/// One renewal run: reads the due rows of the inventory and, per due certificate, starts what it needs — a
/// renewal, an expiry reminder (30/7/1 days), or, past notAfter, the disable orchestration. Instance ids are
/// derived from the certificate (id, serial, and the renewal moment or reminder threshold), so a second run —
/// concurrent or repeated — starts nothing new, and a rescheduled retry gets a fresh id.
/// </summary>
/// <param name="timings">Carried into every instance a run starts (null: production durations).</param>
public sealed class RenewalScheduler(ICertificateInventory inventory, DurableTaskClient workflow, TimeProvider time, ILogger<RenewalScheduler> logger,
    WorkflowTimings? timings = null)
{
    /// <summary>NCRONTAB with seconds, the form the Functions timer trigger takes: every 30 minutes.</summary>
    public const string Schedule = "0 */30 * * * *";

    public sealed record RunSummary(int Due, int Started, int AlreadyRunning, int Disabled, int Reminded = 0);

    public static string RenewalInstanceId(InventoryItem item) => $"renew-{item.CertificateId}-{item.SerialNumber}-{item.RenewAt.ToUnixTimeSeconds()}";

    public static string ReminderInstanceId(InventoryItem item, int days) => $"remind-{item.CertificateId}-{item.SerialNumber}-{days}d";

    public static string DisableInstanceId(InventoryItem item) => $"disable-{item.CertificateId}-{item.SerialNumber}";

    public async Task<RunSummary> RunAsync(int max = 1000, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = await inventory.GetDueAsync(now, max, cancellationToken);
        int started = 0, running = 0, disabled = 0, reminded = 0;
        foreach (var item in due)
        {
            // Still due means not yet renewed: the monitoring alert fires on a certificate due with < 7 days left.
            Telemetry.SslFlowMetrics.RecordDaysToExpiry(item, now, renewing: item.NotAfter > now && item.RenewAt <= now && !item.NeedsPerson);
            if (item.NotAfter <= now)
            {
                if (await StartAsync(nameof(DisableCertificateOrchestration), new RenewalInput(item, timings, now), DisableInstanceId(item), cancellationToken)) disabled++;
                else running++;
                continue;
            }
            if (RenewalPolicy.DueReminder(item, now) is { } days)
            {
                var daysLeft = Math.Max(1, (int)Math.Ceiling((item.NotAfter - now).TotalDays));
                if (await StartAsync(nameof(ExpiryReminderOrchestration), new ExpiryReminderInput(item, days, daysLeft, timings), ReminderInstanceId(item, days), cancellationToken)) reminded++;
                else running++;
            }
            if (item.RenewAt <= now)
            {
                if (await StartAsync(nameof(RenewalOrchestration), new RenewalInput(item, timings, now), RenewalInstanceId(item), cancellationToken)) started++;
                else running++;
            }
        }
        if (due.Count > 0)
        {
            logger.LogInformation("Renewal run: {Due} due, {Started} renewals started, {Reminded} reminders, {Running} already running, {Disabled} disabled",
                due.Count, started, reminded, running, disabled);
        }
        return new RunSummary(due.Count, started, running, disabled, reminded);
    }

    private Task<bool> StartAsync(string name, object input, string instanceId, CancellationToken cancellationToken) =>
        workflow.TryStartAsync(name, input, instanceId, cancellationToken);

    /// <summary>The next run time for the local host's timer, from the same expression the Functions trigger uses.</summary>
    public static DateTimeOffset NextOccurrence(DateTimeOffset after, string expression = Schedule)
    {
        var schedule = NCrontab.CrontabSchedule.Parse(expression, new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return new DateTimeOffset(schedule.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);
    }
}
