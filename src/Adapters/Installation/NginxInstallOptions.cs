namespace SslFlow.Adapters.Installation;

/// <summary>Where the managed nginx lives. Sites point their <c>ssl_certificate</c>/<c>ssl_certificate_key</c> at
/// <c>{CertificateDirectory}/{site}.chain.pem</c> and <c>{site}.key.pem</c>.</summary>
public sealed class NginxInstallOptions
{
    /// <summary>The nginx binary (Debian: /usr/sbin/nginx).</summary>
    public string NginxPath { get; set; } = "/usr/sbin/nginx";

    /// <summary>The main configuration file, passed as <c>-c</c> to the check and the reload.</summary>
    public string ConfigFile { get; set; } = "/etc/nginx/nginx.conf";

    /// <summary>The prefix (<c>-p</c>) when the configuration uses relative paths; null = nginx's built-in one.</summary>
    public string? Prefix { get; set; }

    /// <summary>nginx's error log before it has read the configuration (<c>-e</c>); null = the built-in path (/var/log/nginx/error.log).</summary>
    public string? ErrorLog { get; set; }

    /// <summary>Where the chain and key files are written (owner-only key files).</summary>
    public string CertificateDirectory { get; set; } = "/etc/nginx/ssl";

    /// <summary>How long one nginx command (check, reload) may take.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
