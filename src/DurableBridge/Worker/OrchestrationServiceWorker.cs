using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SslFlow.DurableBridge.Worker;

/// <summary>
/// The SDK's worker build target that runs the registry on the Durable Task Framework: one <see cref="TaskHubWorker"/>
/// over the <see cref="IOrchestrationService"/> registered in DI (e.g. Azure Storage), started with the host and
/// stopped gracefully with it (in-flight work items finish, partition leases are released for other hosts).
/// </summary>
public sealed class OrchestrationServiceWorker : DurableTaskWorker
{
    private readonly IOrchestrationService _service;
    private readonly DurableTaskWorkerOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    public OrchestrationServiceWorker(string name, IDurableTaskFactory factory, IOrchestrationService service,
        IOptionsMonitor<DurableTaskWorkerOptions> options, IServiceProvider services, ILoggerFactory loggerFactory)
        : base(name, factory)
    {
        _service = service;
        _options = options.Get(name);
        _services = services;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<OrchestrationServiceWorker>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The framework's queues, tables and containers must exist before its dispatchers poll them.
        await _service.CreateIfNotExistsAsync();

        // The SDK's shims carry the SDK options (DataConverter above all) into every orchestration and activity.
        var shims = new DurableTaskShimFactory(_options, _loggerFactory);
        using var worker = new TaskHubWorker(_service,
            new RegistryOrchestrationManager(Factory, shims, _services),
            new RegistryActivityManager(Factory, shims, _services.GetRequiredService<IServiceScopeFactory>()),
            _loggerFactory)
        {
            // The SDK turns failures into TaskFailedException from FailureDetails (type, message, inner failure), and
            // retry policies' HandleFailure read them; without this mode the framework sends only serialized exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        worker.AddOrchestrationDispatcherMiddleware(RegistryOrchestrationManager.PassParentAsync);
        await worker.StartAsync();
        _logger.LogInformation("Durable Task worker '{Name}' started on {Service}", Name, _service.GetType().Name);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await worker.StopAsync(isForced: false);
            _logger.LogInformation("Durable Task worker '{Name}' stopped", Name);
        }
    }
}
