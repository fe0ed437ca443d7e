using System.Globalization;

namespace SslFlow.SandboxCa;

/// <summary>
/// Command-line options (<c>--name value</c>). Only the API key is required; without an operator key the operator
/// endpoints are closed, without a webhook URL nothing is sent (clients then learn of progress by polling).
/// </summary>
public sealed class SandboxOptions
{
    public string DataDirectory { get; init; } = ".sandbox-ca";

    public string ApiKey { get; init; } = "";

    public string? OperatorKey { get; init; }

    public Uri? WebhookUrl { get; init; }

    public byte[]? WebhookSecret { get; init; }

    /// <summary>When set, every validation step approves itself after this delay (demo mode).</summary>
    public TimeSpan? AutoApproveAfter { get; init; }

    /// <summary>Share of webhook events dropped on purpose (0–100), so clients' polling fallback can be exercised.</summary>
    public int DropWebhooksPercent { get; init; }

    /// <summary>Retries after a failed delivery (backoff 1 s, 2 s, 4 s, …).</summary>
    public int WebhookRetries { get; init; } = 4;

    public TimeSpan WebhookFirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Optional shorter lifetime (e.g. to demo renewal); never longer than the CA/B Forum maximum.</summary>
    public int? ValidityDays { get; init; }

    /// <summary>SMTP server for approver emails (maildev locally); none = emails are only counted.</summary>
    public string? SmtpHost { get; init; }

    public int SmtpPort { get; init; } = 25;

    /// <summary>Base URL approvers' links point at (default: the first of <c>--urls</c>).</summary>
    public Uri PublicUrl { get; init; } = new("http://127.0.0.1:8555/");

    /// <summary>
    /// JSON file kid → base64url HMAC key: the EAB keys the local ACME CA (Pebble) accepts, handed out one per CaaS
    /// subscription (<see cref="EabKeyPool"/>). None: CaaS orders are refused (501).
    /// </summary>
    public string? EabPoolFile { get; init; }

    /// <summary>The ACME directory the EAB keys are for (Pebble's <c>/dir</c> locally), given to subscribers.</summary>
    public Uri? CaasDirectoryUrl { get; init; }

    public static SandboxOptions FromConfiguration(IConfiguration c)
    {
        var apiKey = c["api-key"];
        if (string.IsNullOrWhiteSpace(apiKey)) throw new ArgumentException("--api-key is required.");
        var percent = int.Parse(c["drop-webhooks-percent"] ?? "0", CultureInfo.InvariantCulture);
        if (percent is < 0 or > 100) throw new ArgumentException("--drop-webhooks-percent must be 0..100.");
        return new SandboxOptions
        {
            DataDirectory = c["data-dir"] ?? ".sandbox-ca",
            ApiKey = apiKey,
            OperatorKey = NullIfEmpty(c["operator-key"]),
            WebhookUrl = NullIfEmpty(c["webhook-url"]) is { } url ? new Uri(url) : null,
            WebhookSecret = NullIfEmpty(c["webhook-secret"]) is { } secret ? WebhookSignature.ParseSecret(secret) : null,
            AutoApproveAfter = NullIfEmpty(c["auto-approve-after"]) is { } after ? TimeSpan.Parse(after, CultureInfo.InvariantCulture) : null,
            DropWebhooksPercent = percent,
            WebhookRetries = int.Parse(c["webhook-retries"] ?? "4", CultureInfo.InvariantCulture),
            WebhookFirstRetryDelay = NullIfEmpty(c["webhook-retry-delay"]) is { } delay ? TimeSpan.Parse(delay, CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(1),
            SmtpHost = NullIfEmpty(c["smtp-host"]),
            SmtpPort = int.Parse(c["smtp-port"] ?? "25", CultureInfo.InvariantCulture),
            PublicUrl = new Uri((NullIfEmpty(c["public-url"]) ?? NullIfEmpty(c["urls"])?.Split(';')[0] ?? "http://127.0.0.1:8555").TrimEnd('/') + "/"),
            EabPoolFile = NullIfEmpty(c["eab-pool-file"]),
            CaasDirectoryUrl = NullIfEmpty(c["caas-directory-url"]) is { } dir ? new Uri(dir) : null,
            ValidityDays = NullIfEmpty(c["validity-days"]) is { } days ? int.Parse(days, CultureInfo.InvariantCulture) : null,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
