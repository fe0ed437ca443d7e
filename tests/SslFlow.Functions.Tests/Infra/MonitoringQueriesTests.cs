using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Ports;
using SslFlow.Activities.Renewal;
using SslFlow.Application.Telemetry;
using SslFlow.Domain.Orders;

namespace SslFlow.Functions.Tests.Infra;

/// <summary>The alert rules and the workbook query the metric names and tags the app emits.</summary>
public sealed partial class MonitoringQueriesTests
{
    [GeneratedRegex(@"Name == ""(?<name>[^""]+)""")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"Properties\.(?<tag>\w+)")]
    private static partial Regex Property();

    /// <summary>The tags each instrument actually carries, observed by recording one of each.</summary>
    private static Dictionary<string, HashSet<string>> EmittedTags()
    {
        var tags = new Dictionary<string, HashSet<string>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == SslFlowMetrics.MeterName) l.EnableMeasurementEvents(i); };
        void Add(Instrument i, ReadOnlySpan<KeyValuePair<string, object?>> t)
        {
            lock (tags)
            {
                if (!tags.TryGetValue(i.Name, out var set)) tags[i.Name] = set = [];
                foreach (var kv in t) set.Add(kv.Key);
            }
        }

        listener.SetMeasurementEventCallback<long>((i, _, t, _) => Add(i, t));
        listener.SetMeasurementEventCallback<double>((i, _, t, _) => Add(i, t));
        listener.Start();
        var at = DateTimeOffset.UnixEpoch;
        var before = new OrderRecord("o", "dv-single", ["a.example.com"], "Dns01", null, OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation, at, at, "acme");
        SslFlowMetrics.RecordTransition("o", before, new OrderTransition(1, at, null, OrderStatus.Active, OrderSubStatus.None, TransitionCauseKind.Issued, OrderActor.System), "r");
        SslFlowMetrics.RecordTransition("o", before, new OrderTransition(2, at, null, OrderStatus.ActivationError, OrderSubStatus.None, TransitionCauseKind.Issued, OrderActor.System), "r");
        SslFlowMetrics.RecordDaysToExpiry(new InventoryItem("o", "dv-single", ["a.example.com"], "acme", DcvMethod.Dns01, null, "c", KeyAlgorithm.EcP256, "1", at, at, at), at, true);
        return tags;
    }

    [Fact]
    public void Every_metric_the_queries_name_is_an_instrument_and_every_instrument_is_queried()
    {
        var named = BicepFiles.Queries().SelectMany(q => MetricName().Matches(q.Query).Select(m => m.Groups["name"].Value)).ToHashSet();

        Assert.NotEmpty(named);
        Assert.Subset(SslFlowMetrics.InstrumentNames.ToHashSet(), named);
        Assert.Equal(SslFlowMetrics.InstrumentNames.Order(), named.Order());
    }

    [Fact]
    public void Metric_queries_use_only_tags_their_instrument_carries()
    {
        var emitted = EmittedTags();

        foreach (var (file, query) in BicepFiles.Queries().Where(q => q.Query.Contains("AppMetrics", StringComparison.Ordinal)))
        {
            var metric = MetricName().Match(query).Groups["name"].Value;
            Assert.True(emitted.ContainsKey(metric), $"{file}: {metric} was not emitted");
            foreach (var tag in Property().Matches(query).Select(m => m.Groups["tag"].Value))
            {
                Assert.True(emitted[metric].Contains(tag), $"{file}: {metric} has no tag '{tag}' (it has {string.Join(", ", emitted[metric])})");
            }
        }
    }

    [Fact]
    public void The_three_alerts_and_the_workbook_views_exist()
    {
        var alerts = BicepFiles.Module("alerts");
        var workbook = BicepFiles.Module("workbook");

        Assert.Contains("ACTIVATION ERROR spike", alerts, StringComparison.Ordinal);
        Assert.Contains("within 7 days of expiry", alerts, StringComparison.Ordinal);
        Assert.Contains("orchestration failures", alerts, StringComparison.Ordinal);
        Assert.Contains("daysLeft < 7", alerts, StringComparison.Ordinal);
        Assert.Contains("Orders by status", workbook, StringComparison.Ordinal);
        Assert.Contains("Time to issue", workbook, StringComparison.Ordinal);
        Assert.Contains("by days to expiry", workbook, StringComparison.Ordinal);
        // The log-based views read the order scope's property names.
        Assert.Contains($"Properties.{OrderScope.OrderId}", workbook, StringComparison.Ordinal);
    }
}
