using Microsoft.Extensions.Hosting;
using SslFlow.Adapters.Tables;

namespace SslFlow.Functions.Composition;

/// <summary>Creates the app's tables once per instance (idempotent); Durable's task hub tables are the extension's.</summary>
public sealed class TablesStartup(ServiceTables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
