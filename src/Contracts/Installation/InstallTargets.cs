using System.Text.Json.Serialization;
using SslFlow.Contracts.Vault;

namespace SslFlow.Contracts.Installation;

/// <summary>
/// Where an order's certificate is installed: chosen per order, or taken from the customer's default. Serialized with
/// a <c>kind</c> discriminator (<see cref="InstallTargetKinds"/>) so it can sit in an order record, an activity input
/// or a request body as it is. Holds names and references only, never secrets: the webhook's secret is a reference.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NginxTarget), InstallTargetKinds.Nginx)]
[JsonDerivedType(typeof(AppServiceTarget), InstallTargetKinds.AppService)]
[JsonDerivedType(typeof(KeyVaultConsumerTarget), InstallTargetKinds.KeyVaultConsumer)]
[JsonDerivedType(typeof(WebhookTarget), InstallTargetKinds.Webhook)]
public abstract record InstallTarget
{
    /// <summary>One of <see cref="InstallTargetKinds"/>; picks the <see cref="IInstallTarget"/> adapter.</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    /// <summary>True when the adapter writes the private key to files: the vault must allow exporting it (<see cref="IKeyExport"/>).</summary>
    [JsonIgnore]
    public virtual bool NeedsPrivateKey => false;

    /// <summary>Where the served certificate is checked on the wire after installing; null when nothing can be checked.</summary>
    [JsonIgnore]
    public abstract TlsEndpoint? VerifyAt { get; }
}

public static class InstallTargetKinds
{
    public const string Nginx = "nginx";
    public const string AppService = "appService";
    public const string KeyVaultConsumer = "keyVaultConsumer";
    public const string Webhook = "webhook";
}

/// <summary>
/// An nginx virtual host on a machine we manage: <paramref name="SiteName"/> names the files
/// (<c>{certificateDirectory}/{SiteName}.chain.pem</c> and <c>.key.pem</c>) the site's <c>ssl_certificate</c> lines point at.
/// </summary>
public sealed record NginxTarget(string SiteName, string ServerName, int Port = 443) : InstallTarget
{
    [JsonIgnore]
    public override string Kind => InstallTargetKinds.Nginx;

    [JsonIgnore]
    public override bool NeedsPrivateKey => true;

    [JsonIgnore]
    public override TlsEndpoint? VerifyAt => new(ServerName, Port);
}

/// <summary>An Azure App Service site: the Key Vault certificate is imported into the site's resource group and bound to <paramref name="HostName"/> with SNI.</summary>
public sealed record AppServiceTarget(string SubscriptionId, string ResourceGroup, string SiteName, string HostName) : InstallTarget
{
    [JsonIgnore]
    public override string Kind => InstallTargetKinds.AppService;

    [JsonIgnore]
    public override TlsEndpoint? VerifyAt => new(HostName, 443);
}

/// <summary>
/// A service that follows the Key Vault certificate by itself (Azure Front Door, Application Gateway, the Key Vault VM
/// extension; <paramref name="Consumer"/> is a label for people). Nothing is pushed; the step is the check on the wire.
/// </summary>
public sealed record KeyVaultConsumerTarget(string HostName, int Port = 443, string? Consumer = null) : InstallTarget
{
    [JsonIgnore]
    public override string Kind => InstallTargetKinds.KeyVaultConsumer;

    [JsonIgnore]
    public override TlsEndpoint? VerifyAt => new(HostName, Port);
}

/// <summary>
/// The customer's own automation: a Standard Webhooks signed POST to <paramref name="Url"/>. <paramref name="SecretName"/>
/// names the signing secret in configuration (never the secret itself). <paramref name="VerifyHostName"/>: the host
/// their automation installs on, checked on the wire when given.
/// </summary>
public sealed record WebhookTarget(Uri Url, string SecretName, string? VerifyHostName = null, int VerifyPort = 443) : InstallTarget
{
    [JsonIgnore]
    public override string Kind => InstallTargetKinds.Webhook;

    [JsonIgnore]
    public override TlsEndpoint? VerifyAt => VerifyHostName is { Length: > 0 } host ? new(host, VerifyPort) : null;
}
