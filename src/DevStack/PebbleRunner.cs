using SslFlow.Domain.Rules;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace SslFlow.DevStack;

/// <summary>
/// Pebble, Let's Encrypt's RFC 8555 test CA, with External Account Binding required, and pebble-challtestsrv as
/// its DNS (every name resolves to 127.0.0.1; TXT records set over its management API). Pebble validates http-01
/// on <see cref="Http01Port"/>, where the service under test serves the tokens. <c>PEBBLE_VA_NOSLEEP=1</c>;
/// Pebble's default 5% nonce rejection stays on unless overridden.
/// Besides SslFlow's own EAB key it can accept a pool of EAB keys (<see cref="EabPoolPath"/>) that the sandbox CA hands
/// out to CaaS subscribers; Pebble reads its keys only at start, so a key taken out of the pool file is refused from
/// the next start on.
/// </summary>
public sealed class PebbleRunner : IAsyncDisposable
{
    private readonly ChildProcess _challtestsrv;
    private readonly ChildProcess _pebble;
    private readonly string _dir;

    private PebbleRunner(ChildProcess challtestsrv, ChildProcess pebble, string dir, int acmePort, int managementPort, int dnsPort, int challManagementPort,
        int http01Port, X509Certificate2 tlsCertificate, string eabKeyId, string eabHmacKey, string? eabPoolPath, IReadOnlyDictionary<string, string> eabPool)
    {
        EabPoolPath = eabPoolPath;
        EabPool = eabPool;
        _challtestsrv = challtestsrv;
        _pebble = pebble;
        _dir = dir;
        DirectoryUri = new Uri($"https://127.0.0.1:{acmePort}/dir");
        ManagementUri = new Uri($"https://127.0.0.1:{managementPort}/");
        DnsPort = dnsPort;
        ChallengeServerUri = new Uri($"http://127.0.0.1:{challManagementPort}/");
        Http01Port = http01Port;
        TlsCertificate = tlsCertificate;
        EabKeyId = eabKeyId;
        EabHmacKey = eabHmacKey;
    }

    public Uri DirectoryUri { get; }
    public Uri ManagementUri { get; }
    public Uri ChallengeServerUri { get; }
    public int DnsPort { get; }
    public int Http01Port { get; }

    /// <summary>Pebble's (self-signed) TLS certificate: trust exactly this for its ACME and management endpoints.</summary>
    public X509Certificate2 TlsCertificate { get; }

    /// <summary>PEM file of <see cref="TlsCertificate"/>, for a service configured by path.</summary>
    public string TlsCertificatePath => Path.Combine(_dir, "pebble-tls.pem");

    public string EabKeyId { get; }

    /// <summary>Base64url HMAC key for EAB (a secret: never logged).</summary>
    public string EabHmacKey { get; }

    /// <summary>The pool file (JSON kid → base64url HMAC key, 0600) when started with a pool; hand it to the sandbox CA.</summary>
    public string? EabPoolPath { get; }

    /// <summary>The pool's keys as Pebble accepts them in this run (secrets: never logged).</summary>
    public IReadOnlyDictionary<string, string> EabPool { get; }

    /// <param name="eabPoolSize">How many CaaS EAB keys Pebble accepts besides SslFlow's own (0: none).</param>
    /// <param name="eabPoolPath">
    /// Where the pool is kept: an existing file is used as it is (keys the sandbox CA retired are gone from it) and topped
    /// up with new keys to <paramref name="eabPoolSize"/>; null keeps it in Pebble's temporary folder.
    /// </param>
    public static async Task<PebbleRunner> StartAsync(int http01Port, IDictionary<string, string>? environment = null, int eabPoolSize = 0, string? eabPoolPath = null)
    {
        var dir = Directory.CreateTempSubdirectory("sslflow-pebble-").FullName;
        int acme = FreePort.Next(), management = FreePort.Next(), dns = FreePort.Next(), challManagement = FreePort.Next(), tls = FreePort.Next();

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var generated = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certPem = generated.ExportCertificatePem();
        await File.WriteAllTextAsync(Path.Combine(dir, "pebble-tls.pem"), certPem);
        await File.WriteAllTextAsync(Path.Combine(dir, "pebble-tls-key.pem"), key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(dir, "pebble-tls-key.pem"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var eabKeyId = "kid-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var eabKey = Base64Url(RandomNumberGenerator.GetBytes(32));
        if (eabPoolSize > 0) eabPoolPath ??= Path.Combine(dir, "eab-pool.json");
        var pool = eabPoolPath is null ? new Dictionary<string, string>() : await EabKeyPoolFile.LoadOrCreateAsync(eabPoolPath, eabPoolSize);
        var macKeys = new Dictionary<string, string>(pool) { [eabKeyId] = eabKey };
        var config = new
        {
            pebble = new Dictionary<string, object>
            {
                ["listenAddress"] = $"127.0.0.1:{acme}",
                ["managementListenAddress"] = $"127.0.0.1:{management}",
                ["certificate"] = Path.Combine(dir, "pebble-tls.pem"),
                ["privateKey"] = Path.Combine(dir, "pebble-tls-key.pem"),
                ["httpPort"] = http01Port,
                ["tlsPort"] = tls,
                ["ocspResponderURL"] = "",
                ["externalAccountBindingRequired"] = true,
                ["externalAccountMACKeys"] = macKeys,
                // Pebble's default is 5 years; a public CA may not issue past the CA/B Forum maximum for today
                // (200 days now, 100 from 2027-03-15, 47 from 2029-03-15), and renewal timing depends on it.
                ["certificateValidityPeriod"] = (ulong)TimeSpan.FromDays(BaselineRequirements.MaxValidityDays(BaselineRequirements.DayOf(DateTimeOffset.UtcNow))).TotalSeconds - 1,
            },
        };
        var configPath = Path.Combine(dir, "pebble-config.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite); // it holds the EAB keys

        var chall = await ChildProcess.StartAsync("challtestsrv", "pebble-challtestsrv",
            ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", $"127.0.0.1:{dns}", "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", $"127.0.0.1:{challManagement}"],
            challManagement);
        var env = new Dictionary<string, string> { ["PEBBLE_VA_NOSLEEP"] = "1" };
        if (environment is not null) foreach (var (k, v) in environment) env[k] = v;
        ChildProcess pebble;
        try
        {
            pebble = await ChildProcess.StartAsync("pebble", "pebble", ["-config", configPath, "-dnsserver", $"127.0.0.1:{dns}"], acme, env, dir);
        }
        catch
        {
            await chall.DisposeAsync();
            throw;
        }
        return new PebbleRunner(chall, pebble, dir, acme, management, dns, challManagement, http01Port,
            X509Certificate2.CreateFromPem(certPem), eabKeyId, eabKey, eabPoolPath, pool);
    }

    /// <summary>Everything Pebble logged so far: the CA's own record of orders, finalizations and issued serials.</summary>
    public string ReadLog() => _pebble.ReadAll();

    /// <summary>How many times Pebble processed a finalization for the ACME order with this id (from its log).</summary>
    public int FinalizationsOf(string orderId) =>
        _pebble.ReadAll().Split('\n').Count(l => l.Contains($"Order {orderId} is fully authorized. Processing finalization", StringComparison.Ordinal));

    /// <summary>An HTTP handler that trusts Pebble's TLS certificate and nothing else self-signed.</summary>
    public HttpMessageHandler CreateTrustingHandler() => TrustedCertificateHandler.Create(TlsCertificate);

    /// <summary>Pebble's root CA (PEM) from its management API; issued chains end here.</summary>
    public async Task<string> GetRootPemAsync(CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient(CreateTrustingHandler());
        return await http.GetStringAsync(new Uri(ManagementUri, "roots/0"), cancellationToken);
    }

    /// <summary>Sets a TXT record in challtestsrv (dns-01). <paramref name="host"/> is a full name; a trailing dot is added.</summary>
    public async Task SetTxtAsync(string host, string value, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        (await http.PostAsJsonAsync(new Uri(ChallengeServerUri, "set-txt"), new { host = host.TrimEnd('.') + ".", value }, cancellationToken)).EnsureSuccessStatusCode();
    }

    public async Task ClearTxtAsync(string host, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        (await http.PostAsJsonAsync(new Uri(ChallengeServerUri, "clear-txt"), new { host = host.TrimEnd('.') + "." }, cancellationToken)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await _pebble.DisposeAsync();
        await _challtestsrv.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
