using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using SslFlow.Application.Workflow;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Vault;
using SslFlow.Contracts.Orders;

namespace SslFlow.Application.Orders;

/// <summary>
/// Install targets at ordering (issue 17): parsed from the request's <c>installTargets</c> (or the caller's default from
/// <see cref="InstallationIntakeOptions.Defaults"/>), checked field by field, and refused when a file target would need a
/// key the vault may not export. Also the order view's installation states and the retry route.
/// </summary>
public sealed partial class InstallationIntake(IInstallationStore store, InstallTargets installers, IKeyExport? keys, InstallationIntakeOptions options)
{
    public const int MaxTargets = 10;

    /// <summary>Errors name the field (<c>installTargets[0].port</c>); <paramref name="targets"/> is null when the order installs nowhere.</summary>
    public List<(string Field, string Reason)> Validate(IReadOnlyList<JsonElement>? requested, string caller, NormalisedOrder order, out IReadOnlyList<InstallTarget>? targets)
    {
        targets = null;
        var errors = new List<(string Field, string Reason)>();
        var field = "installTargets";
        var raw = requested;
        if (raw is null)
        {
            // The customer's default, from configuration: a JSON array in the same shape as the request's.
            if (!options.Defaults.TryGetValue(caller, out var json) || string.IsNullOrWhiteSpace(json)) return errors;
            try
            {
                raw = JsonSerializer.Deserialize<List<JsonElement>>(json);
            }
            catch (JsonException)
            {
                return [(field, $"The default install targets configured for '{caller}' are not a JSON array; fix SslFlow:Installation:Defaults:{caller}.")];
            }
            field = "installTargets(default)";
            if (raw is null) return errors;
        }
        if (raw.Count > MaxTargets) return [(field, $"At most {MaxTargets} install targets.")];
        var list = new List<InstallTarget>();
        for (var i = 0; i < raw.Count; i++)
        {
            var at = $"{field}[{i}]";
            var target = Parse(raw[i], at, order, errors);
            if (target is null) continue;
            if (!installers.Kinds.Contains(target.Kind, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(($"{at}.kind", $"This deployment installs on {(installers.Kinds.Count == 0 ? "no targets" : string.Join(", ", installers.Kinds))}; not on '{target.Kind}'."));
                continue;
            }
            if (target.NeedsPrivateKey && (keys is null || !keys.CanExport(new CsrRequest("intake", order.DnsNames[0], order.DnsNames, order.Key))))
            {
                errors.Add((at, $"A {target.Kind} target needs the private key as a file, and this vault does not let the key of this order leave it. Choose a target that reads the vault itself (appService, keyVaultConsumer) or a webhook."));
                continue;
            }
            list.Add(target);
        }
        if (errors.Count == 0 && list.Count > 0) targets = list;
        return errors;
    }

    private static InstallTarget? Parse(JsonElement e, string at, NormalisedOrder order, List<(string, string)> errors)
    {
        if (e.ValueKind != JsonValueKind.Object) { errors.Add((at, "An object with a 'kind'.")); return null; }
        var kind = Str(e, "kind");
        var before = errors.Count;
        switch (kind)
        {
            case InstallTargetKinds.Nginx:
            {
                var site = Str(e, "siteName");
                if (site is null || !SiteName().IsMatch(site)) errors.Add(($"{at}.siteName", "Required: 1–64 letters, digits, '-' or '_' (it names the certificate files)."));
                var server = HostName(e, "serverName", at, order, errors);
                var port = Port(e, "port", at, errors);
                return errors.Count == before ? new NginxTarget(site!, server!, port) : null;
            }
            case InstallTargetKinds.AppService:
            {
                var sub = Str(e, "subscriptionId");
                if (sub is null || !Guid.TryParse(sub, out _)) errors.Add(($"{at}.subscriptionId", "Required: the subscription's GUID."));
                var rg = Str(e, "resourceGroup");
                if (rg is null || !ResourceName().IsMatch(rg)) errors.Add(($"{at}.resourceGroup", "Required: 1–90 letters, digits, '-', '_', '.' or '('/')'."));
                var site = Str(e, "siteName");
                if (site is null || !SiteName().IsMatch(site)) errors.Add(($"{at}.siteName", "Required: the App Service site's name (1–64 letters, digits, '-')."));
                var host = HostName(e, "hostName", at, order, errors);
                return errors.Count == before ? new AppServiceTarget(sub!, rg!, site!, host!) : null;
            }
            case InstallTargetKinds.KeyVaultConsumer:
            {
                var host = HostName(e, "hostName", at, order, errors);
                var port = Port(e, "port", at, errors);
                var consumer = Str(e, "consumer");
                if (consumer is { Length: > 100 }) errors.Add(($"{at}.consumer", "At most 100 characters."));
                return errors.Count == before ? new KeyVaultConsumerTarget(host!, port, consumer) : null;
            }
            case InstallTargetKinds.Webhook:
            {
                var url = Str(e, "url");
                Uri? uri = null;
                if (url is null || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                {
                    errors.Add(($"{at}.url", "Required: an absolute https URL."));
                }
                var secret = Str(e, "secretName");
                if (secret is null || !SiteName().IsMatch(secret)) errors.Add(($"{at}.secretName", "Required: the name of the signing secret agreed with us (1–64 letters, digits, '-' or '_')."));
                string? verifyHost = null;
                if (Str(e, "verifyHostName") is not null) verifyHost = HostName(e, "verifyHostName", at, order, errors);
                var port = Port(e, "verifyPort", at, errors);
                return errors.Count == before ? new WebhookTarget(uri!, secret!, verifyHost, port) : null;
            }
            default:
                errors.Add(($"{at}.kind", $"Use {InstallTargetKinds.Nginx}, {InstallTargetKinds.AppService}, {InstallTargetKinds.KeyVaultConsumer} or {InstallTargetKinds.Webhook}."));
                return null;
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s.Trim() : null;

    /// <summary>The host must be one the certificate covers, or the check on the wire could never pass.</summary>
    private static string? HostName(JsonElement e, string name, string at, NormalisedOrder order, List<(string, string)> errors)
    {
        var host = Str(e, name)?.TrimEnd('.').ToLowerInvariant();
        if (host is null || host.Length > 253 || !order.DnsNames.Any(n => Covers(n, host)))
        {
            errors.Add(($"{at}.{name}", $"Required: one of the certificate's names ({string.Join(", ", order.DnsNames)})."));
            return null;
        }
        return host;
    }

    private static bool Covers(string dnsName, string host) =>
        dnsName.Equals(host, StringComparison.OrdinalIgnoreCase)
        || (dnsName.StartsWith("*.", StringComparison.Ordinal) && host.IndexOf('.') is > 0 and var dot && host[(dot + 1)..].Equals(dnsName[2..], StringComparison.OrdinalIgnoreCase));

    private static int Port(JsonElement e, string name, string at, List<(string, string)> errors)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return 443;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var port) && port is >= 1 and <= 65535) return port;
        errors.Add(($"{at}.{name}", "A TCP port from 1 to 65535."));
        return 443;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SiteName();

    [GeneratedRegex(@"^[A-Za-z0-9_\-.()]{1,90}$")]
    private static partial Regex ResourceName();

    public async Task<IReadOnlyList<InstallationView>> ListAsync(string orderId, CancellationToken cancellationToken)
    {
        var targets = await store.GetTargetsAsync(orderId, cancellationToken);
        if (targets.Count == 0) return [];
        var states = (await store.ListAsync(orderId, cancellationToken)).ToDictionary(s => s.Index);
        return targets.Select((t, i) => states.TryGetValue(i, out var s)
            ? new InstallationView(Describe(t), t, s.Phase.ToString().ToLowerInvariant(), s.SerialNumber, s.Detail, s.At, s.Attempts)
            : new InstallationView(Describe(t), t, "pending", null, null, null, 0)).ToList();
    }

    private static string Describe(InstallTarget t) => t switch
    {
        NginxTarget n => $"nginx:{n.SiteName}:{n.ServerName}:{n.Port}",
        AppServiceTarget a => $"appService:{a.SiteName}:{a.HostName}",
        KeyVaultConsumerTarget k => $"keyVaultConsumer:{k.HostName}:{k.Port}",
        WebhookTarget w => $"webhook:{w.Url}",
        _ => t.Kind,
    };

    /// <summary>Starts the installation of the order's current certificate again (POST /api/orders/{id}/install).</summary>
    public static async Task<bool> RetryAsync(DurableTaskClient workflow, Contracts.Orders.OrderRecord order, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var input = new InstallCertificateInput(order.OrderId, order.CertificateName!, order.SerialNumber!, order.Thumbprint ?? "", order.NotAfter ?? now);
        // A new instance per request (the first one may still be waiting for its backoff); the adapters are idempotent.
        var id = $"{InstallCertificateOrchestration.InstanceId(order.OrderId, order.SerialNumber!)}-retry-{now.UtcTicks}";
        return await workflow.TryStartAsync(nameof(InstallCertificateOrchestration), input, id, cancellationToken);
    }
}

/// <summary>
/// <c>SslFlow:Installation</c>: <c>Defaults:{caller}</c> is a JSON array of targets (the request's shape) used when an order
/// of that caller (API key name) names none.
/// </summary>
public sealed class InstallationIntakeOptions
{
    public Dictionary<string, string> Defaults { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One target of <c>GET /api/orders/{id}</c>'s <c>installations</c>: state is pending, installing, installed or failed.</summary>
public sealed record InstallationView(string Target, InstallTarget Definition, string State, string? SerialNumber, string? Detail, DateTimeOffset? At, int Attempts);
