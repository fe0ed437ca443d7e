using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace SslFlow.DurableBridge.Tests;

public sealed class SmokeTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_activity_with_a_scoped_constructor_dependency_runs_in_its_own_scope_per_execution()
    {
        var sw = Stopwatch.StartNew();
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("smoke"), new TestLedger());
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "world");
        var done = await host.Client.CompleteAsync(id);
        output.WriteLine($"first orchestration after start: {sw.Elapsed}");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("hello world", done.ReadOutputAs<string>());

        sw.Restart();
        var scopes = await host.Client.CompleteAsync(await host.Client.ScheduleNewOrchestrationInstanceAsync("TwoScopes"));
        output.WriteLine($"second orchestration: {sw.Elapsed}");
        var ids = scopes.ReadOutputAs<string[]>()!;
        Assert.All(ids, s => Assert.True(Guid.TryParse(s, out _), s));
        Assert.NotEqual(ids[0], ids[1]);
        sw.Restart();
        await host.StopAsync();
        output.WriteLine($"stop: {sw.Elapsed}");
    }
}
