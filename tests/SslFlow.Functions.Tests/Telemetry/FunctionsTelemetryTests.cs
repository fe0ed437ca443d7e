using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using SslFlow.Application.Telemetry;
using SslFlow.Functions.Composition;
using SslFlow.Functions.Tests.Composition;

namespace SslFlow.Functions.Tests.Telemetry;

/// <summary>Telemetry the Functions way: the worker exports with OpenTelemetry and the host, told so, does not forward its logs again.</summary>
public sealed class FunctionsTelemetryTests
{
    private static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(FunctionsCompositionTests.ValidSettings()).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddSslFlowFunctions(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void The_worker_announces_that_it_exports_OpenTelemetry_itself()
    {
        using var sp = Build();

        // The capability UseFunctionsWorkerDefaults sets; with telemetryMode OpenTelemetry the host then leaves
        // the worker's logs to the worker instead of writing each of them a second time.
        var capabilities = sp.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities;
        Assert.True(capabilities.TryGetValue("WorkerOpenTelemetryEnabled", out var enabled));
        Assert.True(bool.Parse(enabled!));
    }

    [Fact]
    public void The_SslFlow_meter_is_exported_and_other_meters_are_not()
    {
        var exported = new List<(string Meter, string Instrument)>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(FunctionsCompositionTests.ValidSettings()).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddSslFlowFunctions(configuration);
        // A reader next to the Azure Monitor one (which needs a connection string): sees what any exporter would.
        services.ConfigureOpenTelemetryMeterProvider(b => b.AddReader(new BaseExportingMetricReader(new CollectingExporter(exported))));
        using var sp = services.BuildServiceProvider();
        var provider = sp.GetRequiredService<MeterProvider>();

        using var sslflow = new Meter(SslFlowMetrics.MeterName);
        using var other = new Meter("SslFlow.Tests.Unlisted");
        sslflow.CreateCounter<long>("sslflow.tests.probe").Add(1);
        other.CreateCounter<long>("sslflow.tests.other").Add(1);
        Assert.True(provider.ForceFlush());

        Assert.Contains((SslFlowMetrics.MeterName, "sslflow.tests.probe"), exported);
        Assert.DoesNotContain(exported, e => e.Instrument == "sslflow.tests.other");
    }

    private sealed class CollectingExporter(List<(string Meter, string Instrument)> exported) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch) exported.Add((metric.MeterName, metric.Name));
            return ExportResult.Success;
        }
    }

    [Fact]
    public void Host_json_puts_the_host_in_OpenTelemetry_mode_without_Application_Insights_SDK_settings()
    {
        using var host = JsonDocument.Parse(RepoFiles.Read("host.json"));
        var root = host.RootElement;

        Assert.Equal("OpenTelemetry", root.GetProperty("telemetryMode").GetString());
        // logging.applicationInsights configures the host's Application Insights SDK, which OpenTelemetry mode does not use.
        Assert.False(root.GetProperty("logging").TryGetProperty("applicationInsights", out _));
    }

    [Fact]
    public void Host_json_leaves_queue_polling_to_the_extension_default_and_sets_only_effective_storage_settings()
    {
        using var host = JsonDocument.Parse(RepoFiles.Read("host.json"));
        var storage = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("storageProvider");

        // The extension picks 1 s on Flex Consumption (30 s elsewhere); an override would slow every cold start.
        Assert.False(storage.TryGetProperty("maxQueuePollingInterval", out _));
        // Only read when a separate tracking store connection is configured, which this app does not have.
        Assert.False(storage.TryGetProperty("trackingStoreNamePrefix", out _));
        Assert.Equal("AzureWebJobsStorage", storage.GetProperty("connectionName").GetString());
    }
}
