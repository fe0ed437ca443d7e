namespace SslFlow.Vault.Local;

/// <summary>Where the local vault keeps its files and the key that encrypts private keys at rest.</summary>
public sealed class LocalVaultOptions
{
    /// <summary>Root folder; one sub-folder per certificate name is made below it.</summary>
    public string RootPath { get; set; } = "";

    /// <summary>
    /// Base64 of 32 random bytes (AES-256-GCM key). Required. When the host has none configured it can use
    /// <see cref="LocalVaultMasterKey.LoadOrCreate(string)"/> to keep one in a 0600 file.
    /// </summary>
    public string? MasterKey { get; set; }
}
