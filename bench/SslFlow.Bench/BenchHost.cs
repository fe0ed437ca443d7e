using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.DevStack;
using SslFlow.LocalHost;

namespace SslFlow.Bench;

/// <summary>The real local host (LocalHostProgram.Build), in this process, over the given Azurite and settings.</summary>
public static class BenchHost
{
    public static string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Settings for a host that is not used to reach a CA (the webhook and waiting benchmarks).</summary>
    public static Dictionary<string, string?> WithoutCa(AzuriteRunner azurite, int apiPort, string dataDirectory, string taskHub) => new()
    {
        ["urls"] = $"http://127.0.0.1:{apiPort}",
        ["SslFlow:TablesConnectionString"] = azurite.ConnectionString,
        ["SslFlow:TaskHub"] = taskHub,
        ["SslFlow:DataDirectory"] = dataDirectory,
        ["SslFlow:Http01Port"] = FreePort.Next().ToString(),
        ["SslFlow:AllowTestNames"] = "true",
        [$"SslFlow:ApiKeys:{ApiKey}"] = "bench",
        ["SslFlow:Acme:DirectoryUrl"] = "https://127.0.0.1:9/dir",
        ["SslFlow:Smtp:Host"] = "127.0.0.1",
        ["SslFlow:Smtp:Port"] = "1",
        // Renewal runs every 30 min by default; far away in a benchmark run.
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static WebApplication Build(int apiPort, IDictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        LocalHostProgram.Build(["--urls", $"http://127.0.0.1:{apiPort}"], c => c.AddInMemoryCollection(settings), services);
}
