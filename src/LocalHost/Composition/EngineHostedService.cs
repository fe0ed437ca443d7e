using SslFlow.Engine.Hosting;
using SslFlow.Engine.Store;
using SslFlow.Adapters.Tables;

namespace SslFlow.LocalHost.Composition;

/// <summary>Creates the tables, then runs the engine; on shutdown the engine lets running activities finish.</summary>
public sealed class EngineHostedService(DurableEngine engine, TableDurableStore store, ServiceTables tables) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        await tables.EnsureCreatedAsync(cancellationToken);
        await engine.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync();
}
