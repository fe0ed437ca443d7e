using System.ComponentModel.DataAnnotations;

namespace SslFlow.LocalHost.Composition;

/// <summary>The local host's settings (section <c>SslFlow</c>), validated at start-up.</summary>
public sealed class LocalHostOptions
{
    public const string Section = "SslFlow";

    /// <summary>Azure Tables: a connection string (Azurite locally) or, in Azure, an endpoint used with managed identity.</summary>
    [Required]
    public string TablesConnectionString { get; set; } = "";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,40}$")]
    public string TaskHub { get; set; } = "SslFlowHub";

    /// <summary>Where the local vault keeps its encrypted keys.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".localdata";

    /// <summary>Base64 32-byte key for the local vault; when empty one is generated into the data directory (0600).</summary>
    public string? VaultMasterKey { get; set; }

    /// <summary>API keys → caller names. Intake refuses requests without one.</summary>
    [MinLength(1)]
    public Dictionary<string, string> ApiKeys { get; set; } = [];

    /// <summary>Port on which http-01 tokens are served (the port the CA validates; 80 in production).</summary>
    [Range(1, 65535)]
    public int Http01Port { get; set; } = 5002;

    public bool AllowTestNames { get; set; }

    /// <summary>Per-CA webhook secrets (<c>whsec_…</c>), several during rotation.</summary>
    public Dictionary<string, List<string>> WebhookSecrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>NCRONTAB (with seconds) for renewal runs; the Functions timer trigger uses the same expression.</summary>
    public string RenewalSchedule { get; set; } = SslFlow.Application.Renewal.RenewalScheduler.Schedule;

    [Required]
    public AcmeSettings Acme { get; set; } = new();
}

public sealed class AcmeSettings
{
    [Required, Url]
    public string DirectoryUrl { get; set; } = "";

    /// <summary>External Account Binding from the CA (commercial "certificate as a service").</summary>
    public string? EabKeyId { get; set; }

    public string? EabHmacKey { get; set; }

    /// <summary>A PEM file with the CA endpoint's TLS certificate to trust (Pebble's is self-signed); empty = system trust.</summary>
    public string? TrustedCertificatePath { get; set; }

    public string? AccountEmail { get; set; }

    /// <summary>HS256 (default), HS384 or HS512: the MAC algorithm of the CA's EAB key.</summary>
    [RegularExpression("^HS(256|384|512)$")]
    public string EabAlgorithm { get; set; } = "HS256";

    /// <summary>ACME profile to request when the directory offers it.</summary>
    public string? Profile { get; set; }

    /// <summary>Issuer name (of the chain's top certificate) to prefer among the CA's alternate chains.</summary>
    public string? PreferredChain { get; set; }
}
