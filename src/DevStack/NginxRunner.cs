using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SslFlow.DevStack;

/// <summary>A TLS virtual host of <see cref="NginxRunner"/>: its files are <c>{SiteName}.chain.pem</c>/<c>.key.pem</c>, chosen by SNI = <see cref="ServerName"/>.</summary>
public sealed record NginxSite(string SiteName, string ServerName);

/// <summary>
/// A real nginx (Debian package) in its own prefix folder: one port on 127.0.0.1 with an SNI server block per site,
/// each serving a self-signed placeholder until something installs a certificate. <c>daemon off</c> under
/// <see cref="ChildProcess"/> (master + one worker), so dispose ends it; reloads (<c>nginx -s reload</c>) go through the
/// pid file. <see cref="IncludeDirectory"/> is included inside <c>http {}</c>: tests drop a bad snippet there to
/// break the configuration.
/// </summary>
public sealed class NginxRunner : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private NginxRunner(ChildProcess process, string nginxPath, string prefix, int port)
    {
        _process = process;
        NginxPath = nginxPath;
        Prefix = prefix;
        Port = port;
    }

    public string NginxPath { get; }

    public string Prefix { get; }

    public int Port { get; }

    public string ConfigFile => Path.Combine(Prefix, "nginx.conf");

    public string CertificateDirectory => Path.Combine(Prefix, "ssl");

    public string IncludeDirectory => Path.Combine(Prefix, "conf.d");

    public string ErrorLogPath => Path.Combine(Prefix, "logs", "error.log");

    public string PidFile => Path.Combine(Prefix, "nginx.pid");

    /// <summary>The nginx binary: /usr/sbin/nginx (Debian) or the first on PATH; null when not installed.</summary>
    public static string? FindNginx() => Executables.Find("nginx");

    public static async Task<NginxRunner> StartAsync(IReadOnlyList<NginxSite> sites, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(sites);
        if (sites.Count == 0) throw new ArgumentException("At least one site is needed.", nameof(sites));
        var nginx = FindNginx() ?? throw new InvalidOperationException("nginx is not installed: run 'bash scripts/setup.sh' (apt-get install nginx).");
        var prefix = Directory.CreateTempSubdirectory("sslflow-nginx-").FullName;
        foreach (var dir in new[] { "ssl", "conf.d", "logs", "tmp" }) Directory.CreateDirectory(Path.Combine(prefix, dir));
        var listen = port ?? FreePort.Next();

        foreach (var site in sites) await WritePlaceholderAsync(Path.Combine(prefix, "ssl"), site);
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), Config(prefix, listen, sites));

        // -e: nginx opens its error log before reading the configuration; without it that is /var/log/nginx.
        var process = await ChildProcess.StartAsync("nginx", nginx,
            ["-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-e", Path.Combine(prefix, "logs", "error.log")],
            listen, timeout: TimeSpan.FromSeconds(20));
        return new NginxRunner(process, nginx, prefix, listen);
    }

    /// <summary>Everything nginx wrote to its error log so far.</summary>
    public string ErrorLog() => File.Exists(ErrorLogPath) ? File.ReadAllText(ErrorLogPath) : "";

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try { Directory.Delete(Prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string Config(string prefix, int port, IReadOnlyList<NginxSite> sites)
    {
        var ssl = Path.Combine(prefix, "ssl");
        var tmp = Path.Combine(prefix, "tmp");
        var config = new StringBuilder();
        config.Append($$"""
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{Path.Combine(prefix, "nginx.pid")}};
            error_log {{Path.Combine(prefix, "logs", "error.log")}} notice;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{tmp}}/body;
                proxy_temp_path {{tmp}}/proxy;
                fastcgi_temp_path {{tmp}}/fastcgi;
                uwsgi_temp_path {{tmp}}/uwsgi;
                scgi_temp_path {{tmp}}/scgi;
                default_type text/plain;
                include {{Path.Combine(prefix, "conf.d")}}/*.conf;

            """);
        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            config.Append($$"""
                    server {
                        listen 127.0.0.1:{{port}} ssl{{(i == 0 ? " default_server" : "")}};
                        server_name {{site.ServerName}};
                        ssl_certificate {{ssl}}/{{site.SiteName}}.chain.pem;
                        ssl_certificate_key {{ssl}}/{{site.SiteName}}.key.pem;
                        location / { return 200 "{{site.SiteName}}\n"; }
                    }

                """);
        }
        config.Append("}\n");
        return config.ToString();
    }

    private static async Task WritePlaceholderAsync(string directory, NginxSite site)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={site.ServerName} placeholder", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(site.ServerName);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        await File.WriteAllTextAsync(Path.Combine(directory, site.SiteName + ".chain.pem"), certificate.ExportCertificatePem() + "\n");
        var keyPath = Path.Combine(directory, site.SiteName + ".key.pem");
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
