using System.Diagnostics;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace SslFlow.Bench;

/// <summary>Counts and times every HTTP request the host's <see cref="TableServiceClient"/> makes to Azurite.</summary>
public sealed class TablesTraffic : DelegatingHandler
{
    private long _requests;
    private long _ticks;

    public TablesTraffic()
        : base(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
    {
    }

    public long Requests => Interlocked.Read(ref _requests);

    public TimeSpan Time => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    /// <summary>Replaces the host's TableServiceClient with one whose requests go through this handler.</summary>
    public void Register(IServiceCollection services, string connectionString) =>
        services.AddSingleton(_ => new TableServiceClient(connectionString, new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(this, disposeHandler: false)) }));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
        }
    }
}
