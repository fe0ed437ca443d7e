using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SslFlow.Functions.Composition;

/// <summary>
/// The Functions app's settings (section <c>SslFlow</c>, app settings <c>SslFlow__*</c>), validated at start-up.
/// infra/modules/functionapp.bicep sets exactly these names (FunctionsSettingsTests reads both).
/// Secrets (API keys, webhook secrets, EAB key, master key) are Key Vault references in the app settings.
/// </summary>
public sealed class FunctionsAppOptions
{
    public const string Section = "SslFlow";

    /// <summary>Key Vault that makes the keys and CSRs and keeps the certificates (https://{name}.vault.azure.net/).</summary>
    [Required, Url]
    public string KeyVaultUri { get; set; } = "";

    /// <summary>Table endpoint of the storage account (https://{account}.table.core.windows.net), used with the managed identity.</summary>
    [Required, Url]
    public string TablesEndpoint { get; set; } = "";

    /// <summary>Azure Communication Services endpoint (https://{name}.communication.azure.com), used with the managed identity.</summary>
    [Required, Url]
    public string EmailEndpoint { get; set; } = "";

    /// <summary>MailFrom address of the ACS email domain (DoNotReply@{domain}).</summary>
    [Required, EmailAddress]
    public string EmailSender { get; set; } = "";

    /// <summary>Caller name → API key (≥ 24 characters). Keyed by caller so a setting's name never holds a secret.</summary>
    [MinLength(1)]
    public Dictionary<string, string> ApiKeys { get; set; } = [];

    /// <summary>Per-CA webhook secrets (<c>whsec_…</c>), several during rotation.</summary>
    public Dictionary<string, List<string>> WebhookSecrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Allows names under .test; never in production.</summary>
    public bool AllowTestNames { get; set; }

    [Required, ValidateObjectMembers]
    public FunctionsAcmeOptions Acme { get; set; } = new();
}

/// <summary>The ACME CA (with External Account Binding for commercial CAs).</summary>
public sealed class FunctionsAcmeOptions
{
    [Required, Url]
    public string DirectoryUrl { get; set; } = "";

    public string? EabKeyId { get; set; }

    public string? EabHmacKey { get; set; }

    /// <summary>HS256 (default), HS384 or HS512: the MAC algorithm of the CA's EAB key.</summary>
    [RegularExpression("^HS(256|384|512)$")]
    public string EabAlgorithm { get; set; } = "HS256";

    /// <summary>ACME profile to request when the directory offers it.</summary>
    public string? Profile { get; set; }

    /// <summary>Issuer name (of the chain's top certificate) to prefer among the CA's alternate chains.</summary>
    public string? PreferredChain { get; set; }

    [Required, EmailAddress]
    public string AccountEmail { get; set; } = "";
}
