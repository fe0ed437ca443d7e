using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.DurableBridge.Client;

namespace SslFlow.DurableBridge;

public static class ClientBuilderExtensions
{
    /// <summary>
    /// The client works on the <see cref="IOrchestrationServiceClient"/> in DI (Azure Storage: also queries and purges).
    /// </summary>
    public static IDurableTaskClientBuilder UseOrchestrationService(this IDurableTaskClientBuilder builder,
        Action<OrchestrationServiceClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<OrchestrationServiceClientOptions>(builder.Name);
        if (configure is not null) options.Configure(configure);
        return builder.UseBuildTarget<OrchestrationServiceDurableTaskClient>();
    }
}
