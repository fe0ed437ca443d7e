using System.Security.Cryptography;
using Azure.Security.KeyVault.Certificates;

namespace SslFlow.Vault.Tests;

/// <summary>A certificate operation inside <see cref="FakeKeyVault"/>: the key stays in the fake "service".</summary>
public sealed class FakeOperation(string requestId, AsymmetricAlgorithm key, byte[] csr, CertificatePolicy policy)
{
    public string RequestId { get; } = requestId;

    public AsymmetricAlgorithm Key { get; } = key;

    public byte[] Csr { get; } = csr;

    public CertificatePolicy Policy { get; } = policy;

    public string Status { get; set; } = "inProgress";
}
