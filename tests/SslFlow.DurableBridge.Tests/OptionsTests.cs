using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SslFlow.DurableBridge.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData(null, null, "ConnectionString")]
    [InlineData("UseDevelopmentStorage=true", "account", "ConnectionString")]
    public async Task The_host_does_not_start_without_exactly_one_storage_account(string? connectionString, string? accountName, string field)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAzureStorageOrchestrationService(o =>
        {
            o.ConnectionString = connectionString;
            o.AccountName = accountName;
            o.TaskHubName = "hub";
        });
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TaskHub:ConnectionString"] = "UseDevelopmentStorage=true",
            ["TaskHub:TaskHubName"] = "sslflow",
            ["TaskHub:PartitionCount"] = "2",
            ["TaskHub:MaxQueuePollingInterval"] = "00:00:00.500",
            ["TaskHub:LeaseInterval"] = "00:00:15",
            ["TaskHub:ExtendedSessionsEnabled"] = "true",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddAzureStorageOrchestrationService(configuration.GetSection("TaskHub"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<AzureStorageHubOptions>>().Value;
        Assert.Equal(("sslflow", 2, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15), true),
            (options.TaskHubName, options.PartitionCount, options.MaxQueuePollingInterval, options.LeaseInterval, options.ExtendedSessionsEnabled));
        Assert.Same(provider.GetRequiredService<DurableTask.Core.IOrchestrationService>(), provider.GetRequiredService<DurableTask.Core.IOrchestrationServiceClient>());
    }

    [Fact]
    public void Settings_map_the_options_and_always_make_duplicate_starts_throw()
    {
        var settings = AzureStorageServiceCollectionExtensions.CreateSettings(new AzureStorageHubOptions
        {
            ConnectionString = "UseDevelopmentStorage=true",
            TaskHubName = "hub",
            PartitionCount = 2,
            LeaseInterval = TimeSpan.FromSeconds(15),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(20),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(20),
            MaxConcurrentActivities = 3,
            MaxConcurrentOrchestrations = 4,
            ExtendedSessionsEnabled = true,
        }, credential: null, NullLoggerFactory.Instance);

        Assert.True(settings.ThrowExceptionOnInvalidDedupeStatus);
        Assert.Equal(("hub", 2, TimeSpan.FromSeconds(1)), (settings.TaskHubName, settings.PartitionCount, settings.MaxQueuePollingInterval));
        Assert.Equal(TimeSpan.FromSeconds(5), settings.LeaseRenewInterval); // a third of the lease
        Assert.Equal((3, 4, true), (settings.MaxConcurrentTaskActivityWorkItems, settings.MaxConcurrentTaskOrchestrationWorkItems, settings.ExtendedSessionsEnabled));
        var other = AzureStorageServiceCollectionExtensions.CreateSettings(new AzureStorageHubOptions
        {
            ConnectionString = "UseDevelopmentStorage=true", TaskHubName = "hub",
        }, null, NullLoggerFactory.Instance);
        Assert.NotEqual(settings.WorkerId, other.WorkerId); // two hosts in one process never share a worker id
        Assert.Throws<InvalidOperationException>(() => AzureStorageServiceCollectionExtensions.CreateSettings(
            new AzureStorageHubOptions { AccountName = "account", TaskHubName = "hub" }, null, NullLoggerFactory.Instance));
    }
}
