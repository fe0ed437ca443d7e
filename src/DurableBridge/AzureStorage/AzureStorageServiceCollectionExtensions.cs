using Azure.Core;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SslFlow.DurableBridge;

public static class AzureStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="AzureStorageOrchestrationService"/> (as itself, <see cref="IOrchestrationService"/> and
    /// <see cref="IOrchestrationServiceClient"/>) over the options bound from <paramref name="section"/>, validated on start.
    /// </summary>
    /// <param name="credential">Used with <see cref="AzureStorageHubOptions.AccountName"/> (managed identity).</param>
    public static IServiceCollection AddAzureStorageOrchestrationService(this IServiceCollection services, IConfiguration section,
        TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<AzureStorageHubOptions>().Bind(section);
        return services.AddAzureStorageOrchestrationServiceCore(credential);
    }

    /// <inheritdoc cref="AddAzureStorageOrchestrationService(IServiceCollection, IConfiguration, TokenCredential?)"/>
    public static IServiceCollection AddAzureStorageOrchestrationService(this IServiceCollection services, Action<AzureStorageHubOptions> configure,
        TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AzureStorageHubOptions>().Configure(configure);
        return services.AddAzureStorageOrchestrationServiceCore(credential);
    }

    private static IServiceCollection AddAzureStorageOrchestrationServiceCore(this IServiceCollection services, TokenCredential? credential)
    {
        services.AddOptions<AzureStorageHubOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new AzureStorageOrchestrationService(
            CreateSettings(sp.GetRequiredService<IOptions<AzureStorageHubOptions>>().Value, credential, sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        return services;
    }

    /// <summary>The framework's settings from ours: public so a host or a tool can build a service by hand.</summary>
    public static AzureStorageOrchestrationServiceSettings CreateSettings(AzureStorageHubOptions options, TokenCredential? credential,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        StorageAccountClientProvider account;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) account = new StorageAccountClientProvider(options.ConnectionString);
        else if (!string.IsNullOrWhiteSpace(options.AccountName))
        {
            if (credential is null)
            {
                throw new InvalidOperationException(
                    $"{nameof(AzureStorageHubOptions)}.{nameof(AzureStorageHubOptions.AccountName)} is set but no TokenCredential was given.");
            }
            account = new StorageAccountClientProvider(options.AccountName, credential);
        }
        else throw new InvalidOperationException($"Set {nameof(AzureStorageHubOptions.ConnectionString)} or {nameof(AzureStorageHubOptions.AccountName)}.");

        // Renewal and acquisition must run well inside a lease's lifetime, or a live host loses its partitions.
        var leaseTick = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, options.LeaseInterval.Ticks / 3));
        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = account,
            TaskHubName = options.TaskHubName,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            LeaseInterval = options.LeaseInterval,
            LeaseRenewInterval = leaseTick,
            LeaseAcquireInterval = leaseTick,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            ExtendedSessionsEnabled = options.ExtendedSessionsEnabled,
            WorkerId = options.WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}",
            // A start with the id of a pending or running instance must fail at the caller, not be dropped silently.
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = loggerFactory,
        };
    }
}
