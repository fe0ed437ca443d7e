using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SslFlow.Application.Renewal;
using SslFlow.Application.Telemetry;
using SslFlow.Functions.Timer;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;
using Durable = Microsoft.DurableTask;
using DurableClient = Microsoft.DurableTask.Client;

namespace SslFlow.Functions.Tests.Timer;

public sealed class RenewalTimerFunctionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static InventoryItem Due(string id, int daysLeft) => new(id, "dv-single", ["www.shop.example.com"], "acme", DcvMethod.Dns01, null, $"cert-{id}",
        KeyAlgorithm.EcP256, "0A" + id, Now.AddDays(daysLeft - 90), Now.AddDays(daysLeft), Now.AddDays(-1));

    [Fact]
    public void The_trigger_uses_the_local_hosts_schedule()
    {
        var parameter = typeof(RenewalTimerFunction).GetMethod(nameof(RenewalTimerFunction.RunAsync))!.GetParameters()[0];

        Assert.Equal(RenewalScheduler.Schedule, parameter.GetCustomAttribute<TimerTriggerAttribute>()!.Schedule);
    }

    [Fact]
    public async Task A_run_starts_one_renewal_per_due_certificate_through_the_durable_client_and_records_days_to_expiry()
    {
        var inventory = new Mock<ICertificateInventory>();
        inventory.Setup(i => i.GetDueAsync(Now, It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([Due("ord-1", 5), Due("ord-2", 30)]);
        var durable = new Mock<DurableClient.DurableTaskClient>(MockBehavior.Strict, "test");
        durable.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>())).ReturnsAsync((DurableClient.OrchestrationMetadata?)null);
        var started = new List<(string Name, string Id)>();
        durable.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Durable.TaskName>(), It.IsAny<object?>(), It.IsAny<Durable.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((Durable.TaskName n, object? _, Durable.StartOrchestrationOptions? o, CancellationToken _) => started.Add((n.Name, o!.InstanceId!)))
            .ReturnsAsync("ok");
        var days = new List<(double Value, string? Certificate)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SslFlowMetrics.MeterName && instrument.Name == SslFlowMetrics.DaysToExpiry) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var certificate = tags.ToArray().FirstOrDefault(t => t.Key == "certificate_id").Value as string;
            if (certificate is "ord-1" or "ord-2") lock (days) days.Add((value, certificate));
        });
        listener.Start();

        var summary = await new RenewalTimerFunction(inventory.Object, new FakeTimeProvider(Now), NullLogger<RenewalScheduler>.Instance)
            .RunAsync(new TimerInfo(), durable.Object, default);

        Assert.Equal(2, summary.Started);
        Assert.Equal([RenewalScheduler.RenewalInstanceId(Due("ord-1", 5)), RenewalScheduler.RenewalInstanceId(Due("ord-2", 30))],
            started.Where(s => s.Name == nameof(RenewalOrchestration)).Select(s => s.Id));
        Assert.Contains((5.0, "ord-1"), days);
        Assert.Contains((30.0, "ord-2"), days);
    }
}
