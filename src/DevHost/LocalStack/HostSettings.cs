using SslFlow.DevStack;

namespace SslFlow.DevHost.LocalStack;

/// <summary>The settings that point the service at locally started parts (used by the demo and the end-to-end tests).</summary>
public static class HostSettings
{
    public static Dictionary<string, string?> For(AzuriteRunner azurite, PebbleRunner pebble, MailDevRunner? mail, string dataDirectory, int apiPort, string apiKey,
        IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{apiPort}",
            ["SslFlow:TablesConnectionString"] = azurite.ConnectionString,
            ["SslFlow:DataDirectory"] = dataDirectory,
            ["SslFlow:Http01Port"] = pebble.Http01Port.ToString(),
            ["SslFlow:AllowTestNames"] = "true",
            [$"SslFlow:ApiKeys:{apiKey}"] = "demo",
            ["SslFlow:Acme:DirectoryUrl"] = pebble.DirectoryUri.ToString(),
            ["SslFlow:Acme:EabKeyId"] = pebble.EabKeyId,
            ["SslFlow:Acme:EabHmacKey"] = pebble.EabHmacKey,
            ["SslFlow:Acme:TrustedCertificatePath"] = pebble.TlsCertificatePath,
            ["SslFlow:Dns:ChallTestSrvUrl"] = pebble.ChallengeServerUri.ToString(),
            ["SslFlow:Smtp:Host"] = "127.0.0.1",
            ["SslFlow:Smtp:Port"] = (mail?.SmtpPort ?? 1).ToString(),
            // The Durable Task Framework's Azure Storage provider on one machine: quick queue polls (the 30 s framework
            // default makes an order look stuck), two partitions (enough for two local hosts), and short leases and
            // visibility timeouts, so a killed host's partitions and dequeued messages come back within seconds.
            ["SslFlow:Durable:MaxQueuePollingInterval"] = "00:00:00.2",
            ["SslFlow:Durable:PartitionCount"] = "2",
            ["SslFlow:Durable:LeaseInterval"] = "00:00:06",
            ["SslFlow:Durable:ControlQueueVisibilityTimeout"] = "00:00:08",
            ["SslFlow:Durable:WorkItemQueueVisibilityTimeout"] = "00:00:08",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:SslFlow"] = "Information",
        };
        if (extra is not null) foreach (var (k, v) in extra) settings[k] = v;
        return settings;
    }

    /// <summary>Settings for the sandbox CA (OV/EV/S/MIME orders) and its webhook secret, to merge into <see cref="For"/>'s.</summary>
    public static Dictionary<string, string?> ForSandbox(SandboxCaRunner sandbox, string webhookSecret, string name = "sandbox") => new()
    {
        ["SslFlow:SandboxCa:Name"] = name,
        ["SslFlow:SandboxCa:BaseUrl"] = sandbox.BaseUri.ToString(),
        ["SslFlow:SandboxCa:ApiKey"] = sandbox.ApiKey,
        ["SslFlow:SandboxCa:OperatorKey"] = sandbox.OperatorKey,
        ["SslFlow:SandboxCa:OrganizationName"] = "SslFlow Demo Organization",
        // The dashboard's "approve in the sandbox CA" goes through the host with the sandbox's operator key.
        ["SslFlow:Operator:SandboxCa:Url"] = sandbox.BaseUri.ToString(),
        ["SslFlow:Operator:SandboxCa:OperatorKey"] = sandbox.OperatorKey,
        ["SslFlow:Operator:SandboxCa:CaName"] = name,
        [$"SslFlow:WebhookSecrets:{name}:0"] = webhookSecret,
    };

    /// <summary>Issue 17: the nginx install target on <paramref name="nginx"/>, checked on the wire at 127.0.0.1 (SNI unchanged).</summary>
    public static Dictionary<string, string?> ForNginx(NginxRunner nginx) => new()
    {
        ["SslFlow:Installation:Nginx:NginxPath"] = nginx.NginxPath,
        ["SslFlow:Installation:Nginx:ConfigFile"] = nginx.ConfigFile,
        ["SslFlow:Installation:Nginx:Prefix"] = nginx.Prefix,
        ["SslFlow:Installation:Nginx:CertificateDirectory"] = nginx.CertificateDirectory,
        ["SslFlow:Installation:Nginx:ErrorLog"] = nginx.ErrorLogPath,
        ["SslFlow:Installation:Verifier:ConnectAddress"] = "127.0.0.1",
        ["SslFlow:Installation:Verifier:RetryInterval"] = "00:00:00.2",
        ["SslFlow:Installation:Workflow:VerifyWithin"] = "00:00:20",
    };
}
