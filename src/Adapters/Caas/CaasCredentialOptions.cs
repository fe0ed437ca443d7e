using System.ComponentModel.DataAnnotations;

namespace SslFlow.Adapters.Caas;

/// <summary>
/// Delivery of CaaS credentials (section <c>SslFlow:CaasCredentials</c>).
/// <see cref="EncryptionKey"/> encrypts HMAC keys at rest. Locally it is kept like the local vault's master key (a 0600
/// file made once, <c>LocalVaultMasterKey.LoadOrCreate</c>; use a file of its own, not the vault's). In Azure the app
/// setting is a Key Vault reference (<c>@Microsoft.KeyVault(SecretUri=…)</c>), so the key lives only in Key Vault and the
/// app's memory; wrapping a per-credential key with a Key Vault key (CryptographyClient.WrapKey) would be the next step.
/// </summary>
public sealed class CaasCredentialOptions
{
    public const string Section = "SslFlow:CaasCredentials";

    /// <summary>Base64 of 32 random bytes (AES-256-GCM). A secret.</summary>
    [Required]
    public string EncryptionKey { get; set; } = "";

    /// <summary>How long after the order date the customer can read the credential (seed 003: seven days).</summary>
    public TimeSpan ReadableFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The table's name (tests sharing one Azurite give each their own).</summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string TableName { get; set; } = "CaasCredentials";
}
