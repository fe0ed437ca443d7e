namespace SslFlow.Adapters.Installation;

public sealed class AppServiceInstallOptions
{
    /// <summary>Azure Resource Manager (public cloud by default).</summary>
    public Uri ResourceManagerEndpoint { get; set; } = new("https://management.azure.com/");

    /// <summary>Token scope for the managed identity.</summary>
    public string Scope { get; set; } = "https://management.azure.com/.default";

    /// <summary>Microsoft.Web API version for sites, certificates and hostNameBindings.</summary>
    public string ApiVersion { get; set; } = "2024-04-01";

    /// <summary>ARM id of the Key Vault holding the certificates (<c>/subscriptions/…/providers/Microsoft.KeyVault/vaults/{name}</c>).</summary>
    public string KeyVaultResourceId { get; set; } = "";

    /// <summary>Between polls of a long-running ARM operation when it sends no Retry-After.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a long-running ARM operation may take before the install reports failure.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
