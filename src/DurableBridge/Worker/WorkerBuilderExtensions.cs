using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using SslFlow.DurableBridge.Worker;

namespace SslFlow.DurableBridge;

public static class WorkerBuilderExtensions
{
    /// <summary>
    /// Runs this worker's registry on the Durable Task Framework over the <see cref="IOrchestrationService"/> in DI
    /// (see <see cref="AzureStorageServiceCollectionExtensions.AddAzureStorageOrchestrationService(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{AzureStorageHubOptions}, Azure.Core.TokenCredential?)"/>).
    /// </summary>
    public static IDurableTaskWorkerBuilder UseOrchestrationService(this IDurableTaskWorkerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBuildTarget<OrchestrationServiceWorker>();
    }
}
