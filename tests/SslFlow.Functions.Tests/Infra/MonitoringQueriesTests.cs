using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Moq;
using SslFlow.Activities.Orders;
using SslFlow.Application.Telemetry;
using SslFlow.Domain.Orders;
using SslFlow.Functions.Composition;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Functions.Tests.Infra;

/// <summary>
/// The alert rules and the workbook query what the app emits: metric names and tags of the SslFlow meter (AppMetrics),
/// and worker logs (AppTraces) by logger category and the properties those logs carry. With host.json telemetryMode
/// OpenTelemetry the worker's logs reach AppTraces through its own Azure Monitor exporter, which writes the logger
/// category as <c>Properties.CategoryName</c> (not the Functions host's <c>Category</c> or <c>prop__*</c> names).
/// </summary>
public sealed partial class MonitoringQueriesTests
{
    /// <summary>The workflow's counter of failed orchestrations: meter SslFlow, tag orchestration, recorded once per failure (not on replay).</summary>
    private const string OrchestrationsFailed = "sslflow.orchestrations.failed";

    private static readonly string[] OrchestrationsFailedTags = ["orchestration"];

    [GeneratedRegex(@"Name == ""(?<name>[^""]+)""")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"Properties\.(?<tag>\w+)")]
    private static partial Regex Property();

    [GeneratedRegex(@"Properties\.CategoryName\)?\s*(?<op>==|startswith)\s*""(?<category>[^""]+)""")]
    private static partial Regex CategoryFilter();

    /// <summary>Every instrument the app emits: the SslFlow meter's list and the workflow's failure counter.</summary>
    private static HashSet<string> EmittedMetricNames() => [.. SslFlowMetrics.InstrumentNames, OrchestrationsFailed];

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
        lock (tags)
        {
            // Recorded by the workflow's meter on a failed orchestration; not reachable from this project's references.
            tags.TryAdd(OrchestrationsFailed, [.. OrchestrationsFailedTags]);
        }

        return tags;
    }

    [Fact]
    public void Every_metric_the_queries_name_is_an_instrument_and_every_instrument_is_queried()
    {
        var named = BicepFiles.Queries().SelectMany(q => MetricName().Matches(q.Query).Select(m => m.Groups["name"].Value)).ToHashSet();

        Assert.NotEmpty(named);
        Assert.Equal(EmittedMetricNames().Order(), named.Order());
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
    public void Orchestration_failures_are_counted_from_the_apps_meter_not_from_host_logs()
    {
        var failureQueries = BicepFiles.Queries().Where(q => q.Query.Contains(OrchestrationsFailed, StringComparison.Ordinal)).ToList();

        Assert.Equal(["alerts", "workbook"], failureQueries.Select(q => q.File).Order());
        Assert.All(failureQueries, q => Assert.Contains("AppMetrics", q.Query, StringComparison.Ordinal));
        // The Durable host's category never carries the isolated worker's orchestrator failures.
        Assert.All(BicepFiles.Queries(), q => Assert.DoesNotContain("Host.Triggers.DurableTask", q.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_queries_filter_on_a_logger_category_of_the_app_and_read_properties_its_logs_carry()
    {
        var logQueries = BicepFiles.Queries().Where(q => q.Query.Contains("AppTraces", StringComparison.Ordinal)).ToList();
        var types = AppTypeNames();
        var carried = await InstrumentedOrderStoreLogProperties();

        Assert.NotEmpty(logQueries);
        foreach (var (file, query) in logQueries)
        {
            // Names the Functions host's own logger writes: not what the worker's OpenTelemetry exporter writes.
            Assert.DoesNotContain("Properties.Category)", query, StringComparison.Ordinal);
            Assert.DoesNotContain("prop__", query, StringComparison.Ordinal);

            var filters = CategoryFilter().Matches(query).ToList();
            Assert.True(filters.Count > 0, $"{file}: an AppTraces query without a CategoryName filter:\n{query}");
            foreach (var category in filters.Select(f => (Name: f.Groups["category"].Value, Exact: f.Groups["op"].Value == "==")))
            {
                var exists = category.Exact ? types.Contains(category.Name) : types.Any(t => t.StartsWith(category.Name, StringComparison.Ordinal));
                Assert.True(exists, $"{file}: the app has no logger category {category.Name}");
            }

            // The log views read the order store's status-change logs: every property they use is one those logs carry.
            Assert.All(filters, f => Assert.Equal(typeof(InstrumentedOrderStore).FullName, f.Groups["category"].Value));
            foreach (var property in Property().Matches(query).Select(m => m.Groups["tag"].Value).Where(p => p != "CategoryName"))
            {
                Assert.True(carried.Contains(property), $"{file}: InstrumentedOrderStore logs carry no '{property}' (they carry {string.Join(", ", carried)})");
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
        Assert.Contains("Failed orchestrations", workbook, StringComparison.Ordinal);
        // The log-based views read the order scope's property names.
        Assert.Contains($"Properties.{OrderScope.OrderId}", workbook, StringComparison.Ordinal);
    }

    /// <summary>Full names of the types in the app's own assemblies (an ILogger&lt;T&gt; category is T's full name).</summary>
    private static HashSet<string> AppTypeNames()
    {
        var seen = new Dictionary<string, Assembly>();
        var queue = new Queue<Assembly>([typeof(FunctionsAppOptions).Assembly]);
        while (queue.TryDequeue(out var assembly))
        {
            if (!seen.TryAdd(assembly.GetName().Name!, assembly)) continue;
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("SslFlow.", StringComparison.Ordinal)))
            {
                queue.Enqueue(Assembly.Load(reference));
            }
        }

        return seen.Values.SelectMany(a => a.GetTypes()).Select(t => t.FullName!).ToHashSet();
    }

    /// <summary>The property names of the order store's status-change logs (message template values and scope values).</summary>
    private static async Task<HashSet<string>> InstrumentedOrderStoreLogProperties()
    {
        var logger = new PropertyCapturingLogger<InstrumentedOrderStore>();
        var at = DateTimeOffset.UnixEpoch;
        var before = new OrderRecord("o-props", "dv-single", ["a.example.com"], "Dns01", null, OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation, at, at, "acme");
        var inner = new Mock<IOrderStore>();
        inner.Setup(s => s.GetAsync("o-props", It.IsAny<CancellationToken>())).ReturnsAsync(before);
        var store = new InstrumentedOrderStore(inner.Object, logger);

        foreach (var to in new[] { OrderStatus.Active, OrderStatus.ActivationError })
        {
            var transition = new OrderTransition(1, at, null, to, OrderSubStatus.None, TransitionCauseKind.Issued, OrderActor.System);
            await store.ApplyAsync("o-props", transition, new OrderUpdate(CaReference: "CA-1"), default);
        }

        Assert.Equal(2, logger.Logs);
        return logger.Properties;
    }

    /// <summary>Collects the keys the Azure Monitor exporter turns into Properties: state values and scope values.</summary>
    private sealed class PropertyCapturingLogger<T> : ILogger<T>
    {
        public HashSet<string> Properties { get; } = [];

        public int Logs { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values) this.Properties.UnionWith(values.Select(v => v.Key));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            this.Logs++;
            if (state is IEnumerable<KeyValuePair<string, object?>> values) this.Properties.UnionWith(values.Select(v => v.Key).Where(k => k != "{OriginalFormat}"));
        }
    }
}
