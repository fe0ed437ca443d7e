using System.Net;
using System.Security.Cryptography;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace SslFlow.DevStack;

/// <summary>A name server of a <see cref="BindRunner"/> zone: its NS name (relative to the zone) and the address its glue A record gives.</summary>
public sealed record BindNameServer(string Label, string Address);

/// <summary>How a <see cref="BindRunner"/> starts.</summary>
public sealed record BindRunnerOptions
{
    /// <summary>The loopback address named listens on (any of 127.0.0.0/8 is on <c>lo</c> on Linux).</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>The port (UDP and TCP); null picks a free one on <see cref="Address"/>.</summary>
    public int? Port { get; init; }

    /// <summary>The zones' NS records and glue; empty gives one server, <c>ns1</c> at <see cref="Address"/>.</summary>
    public IReadOnlyList<BindNameServer> NameServers { get; init; } = [];

    /// <summary>Extra zone-file lines per zone (relative or absolute owner names), e.g. CAA or CNAME records.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Records { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Serve the zones as a secondary of this primary (transferred with the primary's TSIG key). The primary does not
    /// NOTIFY and the SOA refresh is an hour, so the secondary keeps the copy it took at start until
    /// <see cref="RetransferAsync"/>: a name server that is updated late.
    /// </summary>
    public BindRunner? SecondaryOf { get; init; }
}

/// <summary>
/// A real BIND 9 (Debian <c>bind9</c>) authoritative for test zones: its own named.conf, zone files, working folder and a
/// free port, no recursion. Primaries accept RFC 2136 updates signed with a TSIG key made for this run
/// (<see cref="TsigKeyName"/>, hmac-sha256); a control channel on its own port serves <c>rndc</c>. Runs in the foreground
/// (<c>-g</c>) under <see cref="ChildProcess"/>, so dispose ends it; Debian's own named service (port 53 and 953) is never
/// used or needed. named keeps the user that starts it (no <c>-u</c>), so the files it writes (journals, transferred
/// zones) stay in a folder only that user can read, root in CI included.
/// </summary>
public sealed class BindRunner : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dir;
    private readonly int _controlPort;
    private readonly string _rndcSecret;

    private BindRunner(ChildProcess process, string dir, string address, int port, int controlPort, IReadOnlyList<string> zones, string tsigSecret, string rndcSecret)
    {
        _process = process;
        _dir = dir;
        _controlPort = controlPort;
        _rndcSecret = rndcSecret;
        Address = address;
        Port = port;
        Zones = zones;
        TsigSecret = tsigSecret;
    }

    public string Address { get; }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Parse(Address), Port);

    /// <summary>The zones served, without a trailing dot.</summary>
    public IReadOnlyList<string> Zones { get; }

    public string TsigKeyName => "sslflow-update";

    public string TsigAlgorithm => "hmac-sha256";

    /// <summary>Base64 TSIG secret (a secret: never logged).</summary>
    public string TsigSecret { get; }

    /// <summary>The named binary: /usr/sbin/named (Debian) or the first on PATH; null when not installed.</summary>
    public static string? FindNamed() => FindExecutable("named");

    public static async Task<BindRunner> StartAsync(IReadOnlyList<string> zones, BindRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(zones);
        options ??= new BindRunnerOptions();
        var named = FindNamed() ?? throw new InvalidOperationException("named is not installed: run 'bash scripts/setup.sh' (apt-get install bind9).");
        var dir = Directory.CreateTempSubdirectory("sslflow-bind-").FullName;
        var port = options.Port ?? FreePort.Next(options.Address);
        var controlPort = FreePort.Next();
        var primary = options.SecondaryOf;
        var tsigSecret = primary?.TsigSecret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var rndcSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var names = zones.Select(z => z.TrimEnd('.').ToLowerInvariant()).ToList();
        var nameServers = options.NameServers.Count > 0 ? options.NameServers : [new BindNameServer("ns1", options.Address)];

        var conf = new StringBuilder();
        conf.Append($$"""
            key "sslflow-update" { algorithm hmac-sha256; secret "{{tsigSecret}}"; };
            key "rndc-key" { algorithm hmac-sha256; secret "{{rndcSecret}}"; };
            controls { inet 127.0.0.1 port {{controlPort}} allow { 127.0.0.1; } keys { "rndc-key"; }; };
            options {
              directory "{{dir}}";
              pid-file "{{dir}}/named.pid";
              session-keyfile "{{dir}}/session.key";
              managed-keys-directory "{{dir}}";
              listen-on port {{port}} { {{options.Address}}; };
              listen-on-v6 { none; };
              recursion no;
              dnssec-validation no;
              notify no;
              allow-transfer { key "sslflow-update"; };
              allow-query { any; };
            };
            logging { channel out { stderr; severity info; print-time yes; }; category default { out; }; category update { out; }; category xfer-in { out; }; };

            """);
        foreach (var zone in names)
        {
            if (primary is null)
            {
                await File.WriteAllTextAsync(Path.Combine(dir, zone + ".db"), ZoneFile(zone, nameServers, options.Records.TryGetValue(zone, out var extra) ? extra : []));
                conf.Append($$"""zone "{{zone}}" { type primary; file "{{zone}}.db"; allow-update { key "sslflow-update"; }; };""").Append('\n');
            }
            else
            {
                conf.Append($$"""zone "{{zone}}" { type secondary; file "{{zone}}.secondary.db"; primaries { {{primary.Address}} port {{primary.Port}} key "sslflow-update"; }; };""").Append('\n');
            }
        }
        var confPath = Path.Combine(dir, "named.conf");
        await File.WriteAllTextAsync(confPath, conf.ToString());
        await File.WriteAllTextAsync(Path.Combine(dir, "rndc.conf"), $$"""
            key "rndc-key" { algorithm hmac-sha256; secret "{{rndcSecret}}"; };
            options { default-key "rndc-key"; default-server 127.0.0.1; default-port {{controlPort}}; };
            """);

        // -g: foreground, logs to stderr; -c: our configuration only; -4: no IPv6 sockets.
        var process = await ChildProcess.StartAsync($"named-{port}", named, ["-g", "-4", "-c", confPath], controlPort, workingDirectory: dir, timeout: TimeSpan.FromSeconds(30));
        var runner = new BindRunner(process, dir, options.Address, port, controlPort, names, tsigSecret, rndcSecret);
        try
        {
            foreach (var zone in names) await runner.WaitForZoneAsync(zone, TimeSpan.FromSeconds(20));
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
        return runner;
    }

    /// <summary>A DNS client asking exactly this server (UDP, then TCP when truncated).</summary>
    public DnsClient CreateClient() =>
        new([IPAddress.Parse(Address)], [new UdpClientTransport(Port), new TcpClientTransport(Port)], disposeTransport: true, queryTimeout: 5000);

    /// <summary>The TXT strings this server answers for <paramref name="name"/> now (empty when none).</summary>
    public async Task<IReadOnlyList<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
    {
        var answer = await CreateClient().ResolveAsync(DomainName.Parse(name.TrimEnd('.')), RecordType.Txt, RecordClass.INet, null, cancellationToken);
        return answer?.AnswerRecords.OfType<TxtRecord>().Select(r => r.TextData).ToList() ?? [];
    }

    /// <summary>Makes a secondary fetch the zone from its primary now (<c>rndc retransfer</c>) and waits until it serves the primary's serial.</summary>
    public async Task RetransferAsync(string zone, uint expectedSerial, CancellationToken cancellationToken = default)
    {
        await RndcAsync(["retransfer", zone.TrimEnd('.')], cancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await SerialAsync(zone, cancellationToken) < expectedSerial)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"named {Address}:{Port} did not take serial {expectedSerial} of {zone}:\n{_process.Tail()}");
            await Task.Delay(50, cancellationToken); // a zone transfer named runs on its own; bounded by the deadline
        }
    }

    /// <summary>The SOA serial this server answers for the zone (0 when it answers none).</summary>
    public async Task<uint> SerialAsync(string zone, CancellationToken cancellationToken = default)
    {
        var answer = await CreateClient().ResolveAsync(DomainName.Parse(zone.TrimEnd('.')), RecordType.Soa, RecordClass.INet, null, cancellationToken);
        return answer is { ReturnCode: ReturnCode.NoError } ? answer.AnswerRecords.OfType<SoaRecord>().Select(s => s.SerialNumber).FirstOrDefault() : 0;
    }

    /// <summary>Everything named logged so far.</summary>
    public string ReadLog() => _process.ReadAll();

    private async Task WaitForZoneAsync(string zone, TimeSpan timeout)
    {
        // named opens its sockets before the zones are loaded (or transferred): ready is when the zone's SOA answers.
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await SerialAsync(zone) > 0) return;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
            }
            if (_process.HasExited || DateTime.UtcNow > deadline) throw new TimeoutException($"named {Address}:{Port} did not serve {zone} within {timeout.TotalSeconds:0} s:\n{_process.Tail()}");
            await Task.Delay(50); // polling a child process's zone load; bounded by the deadline
        }
    }

    private async Task RndcAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var rndc = FindExecutable("rndc") ?? throw new InvalidOperationException("rndc is not installed (bind9-utils).");
        var info = new System.Diagnostics.ProcessStartInfo(rndc) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", Path.Combine(_dir, "rndc.conf") }.Concat(arguments)) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardError.ReadToEndAsync(cancellationToken) + await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) throw new InvalidOperationException($"rndc {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
    }

    private static string ZoneFile(string zone, IReadOnlyList<BindNameServer> nameServers, IReadOnlyList<string> extra)
    {
        var text = new StringBuilder();
        text.Append($"$ORIGIN {zone}.\n$TTL 60\n");
        // refresh 3600: a secondary does not poll during a test; it takes a change only on RetransferAsync.
        text.Append($"@ IN SOA {nameServers[0].Label}.{zone}. hostmaster.{zone}. 1 3600 600 86400 60\n");
        foreach (var ns in nameServers) text.Append($"@ IN NS {ns.Label}.{zone}.\n");
        foreach (var ns in nameServers) text.Append($"{ns.Label} IN A {ns.Address}\n");
        foreach (var line in extra) text.Append(line).Append('\n');
        return text.ToString();
    }

    private static string? FindExecutable(string name)
    {
        foreach (var dir in new[] { "/usr/sbin", "/usr/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
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
