using Microsoft.Extensions.Options;
using SslFlow.Application.Renewal;

namespace SslFlow.LocalHost.Composition;

/// <summary>The local twin of the Functions timer trigger: runs the renewal scheduler on the same NCRONTAB schedule.</summary>
public sealed class RenewalTimer(RenewalScheduler scheduler, IOptions<LocalHostOptions> options, TimeProvider time, ILogger<RenewalTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = RenewalScheduler.NextOccurrence(time.GetUtcNow(), options.Value.RenewalSchedule);
            await Task.Delay(next - time.GetUtcNow() is { Ticks: > 0 } wait ? wait : TimeSpan.Zero, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stoppingToken.IsCancellationRequested) return;
            try
            {
                await scheduler.RunAsync(cancellationToken: stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Renewal run failed; the next run retries");
            }
        }
    }
}
