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
            // default makes an order look stuck) and two partitions (enough for two local hosts). Leases and visibility
            // timeouts stay the framework's (30 s, 5 min), as in production: with a 6 s lease a starved machine missed
            // renewals, the host lost and re-took its own partitions, and a message dequeued in that moment was dropped
            // until its visibility timeout (orders stood still in CI). Only tests that kill or restart a host shorten them (FastRecovery).
            ["SslFlow:Durable:MaxQueuePollingInterval"] = "00:00:00.2",
            ["SslFlow:Durable:PartitionCount"] = "2",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:SslFlow"] = "Information",
        };
        if (extra is not null) foreach (var (k, v) in extra) settings[k] = v;
        return settings;
    }

    /// <summary>
    /// For tests that kill (SIGKILL) or stop a host and start it again: the old process's leases expire in 10 s and the
    /// messages it had dequeued reappear after 15 s, instead of 30 s and 5 min. Nothing else should use them: a batch
    /// that outlives 15 s on a slow machine is delivered twice.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> FastRecovery { get; } = new Dictionary<string, string?>
    {
        ["SslFlow:Durable:LeaseInterval"] = "00:00:10",
        ["SslFlow:Durable:ControlQueueVisibilityTimeout"] = "00:00:15",
        ["SslFlow:Durable:WorkItemQueueVisibilityTimeout"] = "00:00:15",
    };

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
