using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SslFlow.DurableBridge;

namespace SslFlow.Bench;

/// <summary>
/// Counts and times every HTTP request to Azurite made by the host's own <see cref="TableServiceClient"/> (orders,
/// receipts, inventory…) and by the Durable Task Framework's Azure Storage provider (queues, history and instance
/// tables, lease blobs), by category: "{service} {METHOD} {resource}", e.g. "queue GET control/messages".
/// </summary>
public sealed partial class StorageTraffic : DelegatingHandler
{
    private readonly Timings _calls = new();
    private long _requests;

    public StorageTraffic()
        : base(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
    {
    }

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Set while an HTTP request of interest runs (an endpoint filter in the benchmark); flows into its storage calls.</summary>
    public static readonly AsyncLocal<bool> InRequestScope = new();

    /// <summary>The calls made while <see cref="InRequestScope"/> was set (inside the measured endpoint's requests).</summary>
    public Timings InRequest { get; } = new();

    /// <summary>Per category: calls, failed (HTTP status ≥ 400 other than 404/409, which the framework expects), time.</summary>
    public Timings Calls => _calls;

    private static readonly HttpRequestOptionsKey<string> OwnerKey = new("bench.owner");

    /// <summary>A transport whose requests are counted under <paramref name="owner"/> ("hub": the task hub; "app": the service's tables).</summary>
    private HttpClientTransport Transport(string owner) => new(new HttpClient(new Owner(owner, this), disposeHandler: false));

    private sealed class Owner(string owner, StorageTraffic traffic) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(traffic, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Options.Set(OwnerKey, owner);
            return _invoker.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Replaces the host's TableServiceClient and the task hub's storage clients with ones going through this handler.</summary>
    public void Register(IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => new TableServiceClient(connectionString, new TableClientOptions { Transport = Transport("app") }));
        services.AddSingleton(sp =>
        {
            var settings = AzureStorageServiceCollectionExtensions.CreateSettings(sp.GetRequiredService<IOptions<AzureStorageHubOptions>>().Value, null,
                sp.GetRequiredService<ILoggerFactory>());
            settings.StorageAccountClientProvider = Provider(connectionString);
            return new AzureStorageOrchestrationService(settings);
        });
    }

    /// <summary>The framework's storage clients (blob, queue, table) over this handler.</summary>
    public StorageAccountClientProvider Provider(string connectionString) => new(
        StorageServiceClientProvider.ForBlob(connectionString, new BlobClientOptions { Transport = Transport("hub") }),
        StorageServiceClientProvider.ForQueue(connectionString, new QueueClientOptions { Transport = Transport("hub") }),
        StorageServiceClientProvider.ForTable(connectionString, new TableClientOptions { Transport = Transport("hub") }));

    private readonly ConcurrentDictionary<int, string> _services = new();

    /// <summary>Names Azurite's ports (blob, queue, table) for the category names.</summary>
    public StorageTraffic For(SslFlow.DevStack.AzuriteRunner azurite)
    {
        _services[azurite.Port] = "table";
        if (azurite.BlobPort is { } blob) _services[blob] = "blob";
        if (azurite.QueuePort is { } queue) _services[queue] = "queue";
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var failed = true;
        var empty = false;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            failed = (int)response.StatusCode >= 400 && (int)response.StatusCode is not (404 or 409 or 412);
            // A queue poll that found nothing: "<QueueMessagesList />" (tens of bytes); a message is hundreds.
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/messages", StringComparison.Ordinal))
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken); // still readable by the SDK afterwards
                empty = !(await response.Content.ReadAsStringAsync(cancellationToken)).Contains("<QueueMessage>", StringComparison.Ordinal);
            }
            return response;
        }
        finally
        {
            Interlocked.Increment(ref _requests);
            var category = Category(request) + (empty ? " (empty)" : "");
            var elapsed = Stopwatch.GetTimestamp() - start;
            _calls.Add(category, elapsed, failed);
            if (InRequestScope.Value) InRequest.Add(category, elapsed, failed);
        }
    }

    private string Category(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var service = _services.GetValueOrDefault(uri.Port, $":{uri.Port}");
        // /devstoreaccount1/{resource}[/...]: strip the account, keys in parentheses, message ids, hub-name prefixes.
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var resource = segments.Count == 0 ? "(account)" : Keys().Replace(segments[0], "");
        resource = Hub().Replace(resource, "");
        resource = Partition().Replace(resource, "");
        var rest = segments.Count > 1 ? "/" + segments[1] + (segments.Count > 2 ? "/{id}" : "") : "";
        if (service == "blob" && segments.Count > 1) rest = "/{blob}";
        var comp = System.Web.HttpUtility.ParseQueryString(uri.Query)["comp"];
        var peek = System.Web.HttpUtility.ParseQueryString(uri.Query)["peekonly"] == "true" ? " (peek)" : "";
        var owner = request.Options.TryGetValue(OwnerKey, out var o) ? o : "?";
        return $"{owner} {service} {request.Method} {resource}{rest}{(comp is null ? "" : "?comp=" + comp)}{peek}";
    }

    /// <summary>True for the task hub's own requests (queues, lease blobs, History/Instances/Partitions tables), false for the service's tables.</summary>
    public static bool IsFramework(string category) => category.StartsWith("hub ", StringComparison.Ordinal);

    [GeneratedRegex(@"\(.*\)$")]
    private static partial Regex Keys();

    // Task hubs in the benchmarks are named Bench…; their queues, tables and containers carry the name as a prefix.
    [GeneratedRegex(@"^bench[a-z0-9]*-|^Bench[A-Za-z0-9]*?(?=(History|Instances|Partitions)$)", RegexOptions.IgnoreCase)]
    private static partial Regex Hub();

    [GeneratedRegex(@"-\d+$")]
    private static partial Regex Partition();
}
