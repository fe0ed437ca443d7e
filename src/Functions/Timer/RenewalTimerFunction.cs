using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SslFlow.Application.Renewal;
using SslFlow.Contracts.Inventory;

namespace SslFlow.Functions.Timer;

/// <summary>The renewal run on the same NCRONTAB schedule as the local host's timer (<see cref="RenewalScheduler.Schedule"/>).</summary>
public sealed class RenewalTimerFunction(ICertificateInventory inventory, TimeProvider time, ILogger<RenewalScheduler> logger)
{
    [Function("RenewalTimer")]
    public async Task<RenewalScheduler.RunSummary> RunAsync(
        [TimerTrigger(RenewalScheduler.Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        // A missed run needs nothing special: the next run reads every row that came due meanwhile.
        if (timer.IsPastDue) logger.LogInformation("Renewal run is past due; catching up");
        return await new RenewalScheduler(inventory, client, time, logger).RunAsync(cancellationToken: cancellationToken);
    }
}
