using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Application.Renewal;
using SslFlow.DevStack;
using SslFlow.LocalHost.Composition;
using Microsoft.DurableTask.Client;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Orders;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// The local composition (the Durable Task Framework over Azurite, vault, ACME adapter at Pebble, Tables stores, SMTP to
/// maildev) without the web front, with a <see cref="FakeTimeProvider"/> for the service's own clock: weeks of renewal
/// schedule pass in a test by moving it, and each renewal run hands its moment to the instances it starts. Durable timers
/// are real: the workflow durations they measure (email retries, validation polls) are short settings here.
/// The renewal timer is left out unless asked for: tests run the scheduler.
/// </summary>
public sealed class FakeClockStack : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;

    private FakeClockStack(ServiceProvider services, List<IHostedService> hosted, FakeTimeProvider time)
    {
        _services = services;
        _hosted = hosted;
        Time = time;
    }

    public FakeTimeProvider Time { get; }
    public IServiceProvider Services => _services;
    public DurableTaskClient Workflow => _services.GetRequiredService<DurableTaskClient>();
    public ICertificateInventory Inventory => _services.GetRequiredService<ICertificateInventory>();
    public IOrderStore Orders => _services.GetRequiredService<IOrderStore>();
    public RenewalScheduler Scheduler => _services.GetRequiredService<RenewalScheduler>();

    public static async Task<FakeClockStack> StartAsync(LocalPartsFixture parts, DateTimeOffset start, IDictionary<string, string?>? overrides = null, bool renewalTimer = false)
    {
        var data = Directory.CreateTempSubdirectory("sslflow-clock-").FullName;
        var settings = parts.Settings(data, FreePort.Next(), "Hub" + Guid.NewGuid().ToString("N")[..10]);
        settings["SslFlow:Inventory:TablePrefix"] = "Inv" + Guid.NewGuid().ToString("N")[..10]; // its own inventory: other tests' rows are not due here
        settings["SslFlow:Workflow:EmailRetryInterval"] = "00:00:00.5"; // 0.5 s, 2 s, 8 s (30 s, 2 min, 8 min in production)
        settings["SslFlow:Workflow:ValidationPollInterval"] = "00:00:02"; // renewals at order-API CAs poll for their steps (4 h in production)
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var time = new FakeTimeProvider(start);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSslFlowLocal(configuration);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        if (!renewalTimer) services.RemoveAll(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RenewalTimer));
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var h in hosted) await h.StartAsync(CancellationToken.None);
        return new FakeClockStack(provider, hosted, time);
    }

    public void SetTime(DateTimeOffset at)
    {
        if (at > Time.GetUtcNow()) Time.SetUtcNow(at);
    }

    /// <summary>Waits for an instance to finish (a real signal), with its output.</summary>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await Workflow.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in Enumerable.Reverse(_hosted)) await h.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}

/// <summary>A stand-in for the missing static helper in <c>RemoveAll</c> with a predicate.</summary>
internal static class ServiceCollectionPredicateExtensions
{
    public static IServiceCollection RemoveAll(this IServiceCollection services, Func<ServiceDescriptor, bool> predicate)
    {
        foreach (var d in services.Where(predicate).ToList()) services.Remove(d);
        return services;
    }
}
