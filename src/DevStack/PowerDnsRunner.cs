using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace SslFlow.DevStack;

/// <summary>
/// A real PowerDNS Authoritative Server (Debian <c>pdns-server</c> + <c>pdns-backend-sqlite3</c>) with its own config
/// folder, a fresh sqlite3 database made from the package's schema, DNS on a free port and the built-in webserver with
/// the HTTP API (<see cref="ApiUri"/>, <c>X-API-Key</c> = <see cref="ApiKey"/>) on another. The zones are created through
/// that API (Native, NS <c>ns1.{zone}</c> with glue at 127.0.0.1). Foreground (<c>--daemon=no --guardian=no</c>), no
/// <c>--setuid</c>: it keeps the starting user, so its database stays in a folder only that user reads; Debian's pdns
/// service and /etc/powerdns are never read.
/// </summary>
public sealed class PowerDnsRunner : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dir;

    private PowerDnsRunner(ChildProcess process, string dir, int port, int apiPort, string apiKey, IReadOnlyList<string> zones)
    {
        _process = process;
        _dir = dir;
        Port = port;
        ApiUri = new Uri($"http://127.0.0.1:{apiPort}/");
        ApiKey = apiKey;
        Zones = zones;
    }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>The webserver's base address; the API is under <c>api/v1/</c>.</summary>
    public Uri ApiUri { get; }

    /// <summary>The API key (a secret: never logged).</summary>
    public string ApiKey { get; }

    /// <summary>The zones created at start, without a trailing dot.</summary>
    public IReadOnlyList<string> Zones { get; }

    public static string? FindPdnsServer() => new[] { "/usr/sbin/pdns_server" }
        .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "pdns_server")))
        .FirstOrDefault(File.Exists);

    public static async Task<PowerDnsRunner> StartAsync(IReadOnlyList<string> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var pdns = FindPdnsServer() ?? throw new InvalidOperationException("pdns_server is not installed: run 'bash scripts/setup.sh' (apt-get install pdns-server pdns-backend-sqlite3).");
        var schema = new[] { "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql", "/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("The PowerDNS sqlite3 schema is missing: apt-get install pdns-backend-sqlite3.");
        var dir = Directory.CreateTempSubdirectory("sslflow-pdns-").FullName;
        var database = Path.Combine(dir, "pdns.sqlite3");
        await CreateDatabaseAsync(database, schema);
        await File.WriteAllTextAsync(Path.Combine(dir, "pdns.conf"), "# SslFlow test PowerDNS: everything is on the command line.\n");
        int port = FreePort.Next(), apiPort = FreePort.Next();
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var process = await ChildProcess.StartAsync($"pdns-{port}", pdns,
        [
            $"--config-dir={dir}", "--daemon=no", "--guardian=no", "--disable-syslog", "--write-pid=no", $"--socket-dir={dir}",
            "--launch=gsqlite3", $"--gsqlite3-database={database}",
            "--local-address=127.0.0.1", $"--local-port={port}",
            "--api=yes", $"--api-key={apiKey}", "--webserver=yes", "--webserver-address=127.0.0.1", $"--webserver-port={apiPort}",
            "--webserver-allow-from=127.0.0.1", "--loglevel=5",
        ], apiPort, workingDirectory: dir, timeout: TimeSpan.FromSeconds(30));
        var runner = new PowerDnsRunner(process, dir, port, apiPort, apiKey, zones.Select(z => z.TrimEnd('.').ToLowerInvariant()).ToList());
        try
        {
            foreach (var zone in runner.Zones) await runner.CreateZoneAsync(zone);
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
        return runner;
    }

    /// <summary>An HTTP client for the API with the key set.</summary>
    public HttpClient CreateApiClient()
    {
        var http = new HttpClient { BaseAddress = ApiUri, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return http;
    }

    /// <summary>The TXT strings PowerDNS answers over DNS for <paramref name="name"/> now (empty when none).</summary>
    public async Task<IReadOnlyList<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
    {
        var client = new DnsClient([IPAddress.Loopback], [new UdpClientTransport(Port), new TcpClientTransport(Port)], disposeTransport: true, queryTimeout: 5000);
        var answer = await client.ResolveAsync(DomainName.Parse(name.TrimEnd('.')), RecordType.Txt, RecordClass.INet, null, cancellationToken);
        return answer?.AnswerRecords.OfType<TxtRecord>().Select(r => r.TextData).ToList() ?? [];
    }

    public string ReadLog() => _process.ReadAll();

    private async Task CreateZoneAsync(string zone)
    {
        using var http = CreateApiClient();
        var created = await http.PostAsJsonAsync("api/v1/servers/localhost/zones", new
        {
            name = zone + ".",
            kind = "Native",
            nameservers = new[] { $"ns1.{zone}." },
            rrsets = new[]
            {
                new { name = $"ns1.{zone}.", type = "A", ttl = 60, records = new[] { new { content = "127.0.0.1", disabled = false } } },
            },
        });
        if (!created.IsSuccessStatusCode)
            throw new InvalidOperationException($"PowerDNS refused zone {zone}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}\n{_process.Tail()}");
    }

    private static async Task CreateDatabaseAsync(string database, string schema)
    {
        var info = new ProcessStartInfo("sqlite3") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(database);
        using var sqlite = Process.Start(info) ?? throw new InvalidOperationException("sqlite3 did not start (apt-get install sqlite3).");
        await sqlite.StandardInput.WriteAsync(await File.ReadAllTextAsync(schema));
        sqlite.StandardInput.Close();
        var error = await sqlite.StandardError.ReadToEndAsync();
        await sqlite.WaitForExitAsync();
        if (sqlite.ExitCode != 0) throw new InvalidOperationException($"sqlite3 could not create the PowerDNS database: {error}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
