using System.Security.Cryptography;
using SslFlow.Contracts.Installation;

namespace SslFlow.Contracts.Vault;

/// <summary>
/// Hands out a private key, only where the vault allows: always for the local vault (keys are ours, encrypted at rest),
/// for Key Vault only when the certificate's policy is exportable. Used by install targets that write key files
/// (<see cref="InstallTarget.NeedsPrivateKey"/>), never by targets that read Key Vault themselves.
/// </summary>
public interface IKeyExport
{
    /// <summary>
    /// At ordering time, before any key exists: would a key made for <paramref name="request"/> be exportable? The
    /// intake refuses an order with a file target when this is false.
    /// </summary>
    bool CanExport(CsrRequest request);

    /// <summary>The current version's chain and private key; null when nothing is merged or the key may not leave the vault.</summary>
    Task<ExportedKeyPair?> ExportAsync(string certificateName, CancellationToken cancellationToken);
}

/// <summary>A chain (leaf first, DER) with its private key (PKCS#8). Dispose to wipe the key bytes.</summary>
public sealed record ExportedKeyPair(IReadOnlyList<byte[]> ChainDer, byte[] PrivateKeyPkcs8) : IDisposable
{
    public void Dispose() => CryptographicOperations.ZeroMemory(PrivateKeyPkcs8);
}
