namespace SslFlow.DevStack;

/// <summary>Azurite's Table service (pinned in package.json): in memory for tests, a folder for the local run.</summary>
public sealed class AzuriteRunner : IAsyncDisposable
{
    /// <summary>Azurite's published development account key; it only ever opens a local emulator.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ChildProcess _process;

    private AzuriteRunner(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <param name="location">A folder to keep data in; null keeps everything in memory.</param>
    public static async Task<AzuriteRunner> StartAsync(string? location = null, int? port = null)
    {
        var p = port ?? FreePort.Next();
        var args = new List<string> { "--tableHost", "127.0.0.1", "--tablePort", p.ToString(), "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl" };
        if (location is null) args.Add("--inMemoryPersistence");
        else
        {
            Directory.CreateDirectory(location);
            args.AddRange(["--location", location]);
        }
        var process = await ChildProcess.StartAsync("azurite", RepoPaths.NodeTool("azurite-table"), args, p);
        return new AzuriteRunner(process, p);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
