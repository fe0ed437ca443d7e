namespace SslFlow.Vault.KeyVault;

/// <summary>What SslFlow needs from a Key Vault certificate operation: its status and the CSR of the pending key.</summary>
public sealed record PendingCertificateOperation(string CertificateName, string? RequestId, string? Status, byte[]? Csr)
{
    /// <summary>Key Vault's status while the operation waits for a merge.</summary>
    public const string InProgress = "inProgress";

    public bool IsPending => string.Equals(Status, InProgress, StringComparison.OrdinalIgnoreCase);
}
