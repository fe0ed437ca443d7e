namespace SslFlow.DevStack;

/// <summary>
/// Azurite (pinned in package.json): the Table service alone (<see cref="StartAsync"/>), or blobs, queues and tables
/// together (<see cref="StartAllServicesAsync"/>, what the Durable Task Framework's Azure Storage provider needs); in
/// memory for tests, a folder for the local run.
/// </summary>
public sealed class AzuriteRunner : IAsyncDisposable
{
    /// <summary>Azurite's published development account key; it only ever opens a local emulator.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ChildProcess _process;

    private AzuriteRunner(ChildProcess process, int port, int? blobPort = null, int? queuePort = null)
    {
        _process = process;
        Port = port;
        BlobPort = blobPort;
        QueuePort = queuePort;
    }

    /// <summary>The Table service's port.</summary>
    public int Port { get; }

    /// <summary>Set when started with <see cref="StartAllServicesAsync"/>.</summary>
    public int? BlobPort { get; }

    /// <summary>Set when started with <see cref="StartAllServicesAsync"/>.</summary>
    public int? QueuePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;"
        + (BlobPort is { } blob ? $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;" : "")
        + (QueuePort is { } queue ? $"QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" : "");

    /// <summary>Blob, Queue and Table services in one Azurite process, each on a free port.</summary>
    /// <param name="location">A folder to keep data in; null keeps everything in memory.</param>
    public static async Task<AzuriteRunner> StartAllServicesAsync(string? location = null)
    {
        var (blob, queue, table) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var args = new List<string>
        {
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(), "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(), "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
        };
        if (location is null) args.Add("--inMemoryPersistence");
        else
        {
            Directory.CreateDirectory(location);
            args.AddRange(["--location", location]);
        }
        // Azurite opens the table port after blobs and queues, so that port being open means all three are.
        var process = await ChildProcess.StartAsync("azurite", RepoPaths.NodeTool("azurite"), args, table);
        return new AzuriteRunner(process, table, blob, queue);
    }

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
