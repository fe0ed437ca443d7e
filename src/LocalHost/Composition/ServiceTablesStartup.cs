using SslFlow.Adapters.Tables;

namespace SslFlow.LocalHost.Composition;

/// <summary>Creates the service's own tables before the durable worker starts running activities that write to them.</summary>
public sealed class ServiceTablesStartup(ServiceTables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
