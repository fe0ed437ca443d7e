using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Vault.Local;
using SslFlow.Vault.Tests;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Vault;

namespace SslFlow.Installation.Tests;

/// <summary>A real local vault in a temp folder and the test CA: certificates are made the way orders make them (CSR → issue → merge).</summary>
public sealed class Certificates : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sslflow-install-vault-").FullName;

    public Certificates()
    {
        Vault = new LocalVault(new LocalVaultOptions { RootPath = _root, MasterKey = LocalVaultMasterKey.Generate() }, NullLogger<LocalVault>.Instance);
    }

    public LocalVault Vault { get; }

    public TestCa Ca { get; } = new();

    /// <summary>A new version of <paramref name="certificateName"/> for <paramref name="serverName"/>, merged and current.</summary>
    public async Task<VaultCertificate> IssueAsync(string certificateName, string serverName)
    {
        var csr = await Vault.CreateCsrAsync(new CsrRequest(certificateName, serverName, [serverName]), CancellationToken.None);
        return await Vault.MergeAsync(certificateName, Ca.Issue(csr.Csr, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90)), CancellationToken.None);
    }

    public static InstallRequest Request(string orderId, VaultCertificate certificate, InstallTarget target) =>
        new(orderId, certificate.CertificateName, certificate.SerialNumber, certificate.Thumbprint, certificate.NotAfter, target);

    public void Dispose()
    {
        Ca.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
