using Microsoft.Extensions.Logging;
using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Application.Renewal;

/// <summary>
/// One renewal run: reads the due rows of the inventory and starts one orchestration per due certificate, with
/// an instance id derived from the certificate (id, serial, failure count), so a second run — concurrent or
/// repeated — starts nothing new. Certificates past notAfter are disabled instead.
/// </summary>
public sealed class RenewalScheduler(ICertificateInventory inventory, IWorkflowClient workflow, TimeProvider time, ILogger<RenewalScheduler> logger)
{
    /// <summary>NCRONTAB with seconds, the form the Functions timer trigger takes: every 30 minutes.</summary>
    public const string Schedule = "0 */30 * * * *";

    public sealed record RunSummary(int Due, int Started, int AlreadyRunning, int Disabled);

    public async Task<RunSummary> RunAsync(int max = 1000, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = await inventory.GetDueAsync(now, max, cancellationToken);
        int started = 0, running = 0, disabled = 0;
        foreach (var item in due)
        {
            var expired = item.NotAfter <= now;
            var name = expired ? nameof(DisableCertificateOrchestration) : nameof(RenewalOrchestration);
            var instanceId = expired ? $"disable-{item.CertificateId}-{item.SerialNumber}" : $"renew-{item.CertificateId}-{item.SerialNumber}-{item.Failures}";
            try
            {
                await workflow.ScheduleNewOrchestrationInstanceAsync(name, new RenewalInput(item), instanceId, cancellationToken);
                if (expired) disabled++;
                else started++;
            }
            catch (InstanceAlreadyExistsException)
            {
                running++;
            }

            // Still due means not yet renewed: the monitoring alert fires on a certificate due with < 7 days left.
            Telemetry.SslFlowMetrics.RecordDaysToExpiry(item, now, renewing: !expired && !item.NeedsPerson);
        }
        if (due.Count > 0) logger.LogInformation("Renewal run: {Due} due, {Started} renewals started, {Running} already running, {Disabled} disabled", due.Count, started, running, disabled);
        return new RunSummary(due.Count, started, running, disabled);
    }

    /// <summary>The next run time for the local host's timer, from the same expression the Functions trigger uses.</summary>
    public static DateTimeOffset NextOccurrence(DateTimeOffset after, string expression = Schedule)
    {
        var schedule = NCrontab.CrontabSchedule.Parse(expression, new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return new DateTimeOffset(schedule.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);
    }
}
