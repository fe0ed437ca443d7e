using System.Text.Json;
using SslFlow.Application.Renewal;
using SslFlow.Functions.Tests.Http;
using SslFlow.Workflow.Catalog;
using SslFlow.Activities;

namespace SslFlow.Functions.Tests;

/// <summary>
/// Reads the functions.metadata the Functions SDK's generator wrote for the built app, the file the Functions host
/// indexes on start: what is not in it is not deployed, whatever the code says.
/// </summary>
public sealed class FunctionMetadataTests
{
    private sealed record Binding(string Function, string Type, string? Route, IReadOnlyList<string> Methods, string? Schedule);

    private static readonly Lazy<IReadOnlyList<Binding>> Triggers = new(ReadTriggers);

    /// <summary>
    /// The SDK copies functions.metadata to the output of every project referencing the app, so it sits next to
    /// this test's assembly; a build of src/Functions alone leaves it next to SslFlow.Functions.dll.
    /// </summary>
    private static string MetadataPath()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        if (File.Exists(beside)) return beside;

        var bin = RepoFiles.PathOf("src/Functions/bin");
        var app = !Directory.Exists(bin) ? null : Directory.EnumerateFiles(bin, "SslFlow.Functions.dll", SearchOption.AllDirectories)
            .Select(dll => Path.Combine(Path.GetDirectoryName(dll)!, "functions.metadata"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        return app ?? throw new FileNotFoundException("functions.metadata not found: build src/Functions first.", beside);
    }

    private static List<Binding> ReadTriggers()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var triggers = new List<Binding>();
        foreach (var function in doc.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                var type = binding.GetProperty("type").GetString()!;
                if (!type.EndsWith("Trigger", StringComparison.Ordinal)) continue;
                triggers.Add(new Binding(name, type,
                    binding.TryGetProperty("route", out var route) ? route.GetString() : null,
                    binding.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant())] : [],
                    binding.TryGetProperty("schedule", out var schedule) ? schedule.GetString() : null));
            }
        }

        return triggers;
    }

    private static IEnumerable<string> FunctionsWith(string triggerType) =>
        Triggers.Value.Where(b => b.Type == triggerType).Select(b => b.Function);

    [Fact]
    public void Every_function_has_exactly_one_trigger_and_a_unique_name()
    {
        Assert.NotEmpty(Triggers.Value);
        Assert.Equal(Triggers.Value.Count, Triggers.Value.Select(b => b.Function).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Every_orchestration_of_the_catalog_has_an_orchestration_trigger_of_its_name()
    {
        Assert.Equal(WorkflowCatalog.Orchestrators.Select(o => o.Name).Order(), FunctionsWith("orchestrationTrigger").Order());
    }

    [Fact]
    public void Every_activity_of_the_catalog_has_an_activity_trigger_of_its_name()
    {
        Assert.Equal(ActivityCatalog.Activities.Select(a => a.Name).Order(), FunctionsWith("activityTrigger").Order());
    }

    [Fact]
    public void Every_route_of_the_local_host_has_an_http_trigger_with_that_route_and_method()
    {
        var http = Triggers.Value.Where(b => b.Type == "httpTrigger")
            .SelectMany(b => b.Methods.Select(m => $"{m} {b.Route}"))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var local = LocalRouteTable.Routes();

        Assert.NotEmpty(local);
        Assert.Subset(http, local);
        // The app also answers http-01 challenges itself (the local host serves those from its own endpoint).
        Assert.Equal(["GET .well-known/acme-challenge/{token}"], http.Except(local, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_renewal_timer_runs_on_the_shared_schedule()
    {
        var timer = Assert.Single(Triggers.Value, b => b.Type == "timerTrigger");

        Assert.Equal("RenewalTimer", timer.Function);
        Assert.Equal(RenewalScheduler.Schedule, timer.Schedule);
    }
}
