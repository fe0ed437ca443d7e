using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Moq;
using SslFlow.Vault.KeyVault;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Vault;

namespace SslFlow.Installation.Tests;

/// <summary>The private key leaves the vault only where the vault allows: the real local vault, and Key Vault (mocked SDK) by policy.</summary>
public sealed class KeyExportTests : IDisposable
{
    private static readonly Uri VaultUri = new("https://kv-sslflow.vault.azure.net/");
    private readonly Certificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task The_local_vault_exports_the_current_chain_with_its_key()
    {
        Assert.Null(await _certificates.Vault.ExportAsync("order-none", CancellationToken.None));
        var first = await _certificates.IssueAsync("order-local", "local.install.test");
        var current = await _certificates.IssueAsync("order-local", "local.install.test");

        using var pair = await _certificates.Vault.ExportAsync("order-local", CancellationToken.None);

        Assert.NotNull(pair);
        Assert.True(_certificates.Vault.CanExport(new CsrRequest("x", "x.test", [], Exportable: false)));
        Assert.Equal(current.ChainDer.Count, pair.ChainDer.Count);
        using var leaf = X509CertificateLoader.LoadCertificate(pair.ChainDer[0]);
        Assert.Equal(current.SerialNumber, leaf.SerialNumber);
        Assert.NotEqual(first.SerialNumber, leaf.SerialNumber);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pair.PrivateKeyPkcs8, out _);
        using var withKey = leaf.CopyWithPrivateKey(key);
        Assert.True(withKey.HasPrivateKey);
    }

    [Fact]
    public async Task Key_Vault_refuses_a_non_exportable_policy_without_reading_the_secret()
    {
        using var leaf = SelfSigned(out _);
        var certificates = CertificateClientReturning(leaf, exportable: false);
        var secrets = new Mock<SecretClient>(MockBehavior.Strict);
        var export = new KeyVaultKeyExport(certificates.Object, secrets.Object);

        Assert.Null(await export.ExportAsync("order-kv", CancellationToken.None));
        Assert.False(export.CanExport(new CsrRequest("order-kv", "kv.test", [], Exportable: false)));
        Assert.True(export.CanExport(new CsrRequest("order-kv", "kv.test", [], Exportable: true)));
        secrets.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Key_Vault_exports_an_exportable_certificate_from_its_PKCS12_secret()
    {
        using var leaf = SelfSigned(out var pfx);
        var certificates = CertificateClientReturning(leaf, exportable: true);
        var secrets = new Mock<SecretClient>(MockBehavior.Strict);
        var secretProperties = SecretModelFactory.SecretProperties(new Uri(VaultUri, "secrets/order-kv/v1"), VaultUri, "order-kv", "v1");
        secretProperties.ContentType = "application/x-pkcs12";
        var secret = SecretModelFactory.KeyVaultSecret(secretProperties, Convert.ToBase64String(pfx));
        secrets.Setup(s => s.GetSecretAsync("order-kv", "v1", It.IsAny<CancellationToken>())).ReturnsAsync(Response.FromValue(secret, Mock.Of<Response>()));

        using var pair = await new KeyVaultKeyExport(certificates.Object, secrets.Object).ExportAsync("order-kv", CancellationToken.None);

        Assert.NotNull(pair);
        Assert.Equal(leaf.RawData, pair.ChainDer[0]);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pair.PrivateKeyPkcs8, out _);
        Assert.Equal(leaf.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task A_file_target_over_a_non_exportable_Key_Vault_key_fails_with_the_reason()
    {
        using var leaf = SelfSigned(out _);
        var export = new KeyVaultKeyExport(CertificateClientReturning(leaf, exportable: false).Object, new Mock<SecretClient>(MockBehavior.Strict).Object);
        var target = new SslFlow.Adapters.Installation.NginxInstallTarget(
            new SslFlow.Adapters.Installation.NginxInstallOptions { CertificateDirectory = Directory.CreateTempSubdirectory("sslflow-install-refused-").FullName, NginxPath = "/nonexistent/nginx" },
            export);

        var result = await target.InstallAsync(
            new InstallRequest("o-kv", "order-kv", leaf.SerialNumber, leaf.Thumbprint, DateTimeOffset.UtcNow.AddDays(30), new NginxTarget("kv", "kv.test")),
            CancellationToken.None);

        Assert.Equal(InstallOutcome.Failed, result.Outcome);
        Assert.Contains("does not allow exporting the key of 'order-kv'", result.Detail);
    }

    private static Mock<CertificateClient> CertificateClientReturning(X509Certificate2 leaf, bool exportable)
    {
        var properties = CertificateModelFactory.CertificateProperties(
            new Uri(VaultUri, "certificates/order-kv/v1"), "order-kv", VaultUri, "v1", leaf.GetCertHash(),
            leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "Recoverable");
        var policy = new CertificatePolicy(WellKnownIssuerNames.Unknown, "CN=kv.test") { Exportable = exportable, ContentType = CertificateContentType.Pkcs12 };
        var certificate = CertificateModelFactory.KeyVaultCertificateWithPolicy(
            properties, new Uri(VaultUri, "keys/order-kv/v1"), new Uri(VaultUri, "secrets/order-kv/v1"), leaf.RawData, policy);
        var client = new Mock<CertificateClient>(MockBehavior.Strict);
        client.Setup(c => c.GetCertificateAsync("order-kv", It.IsAny<CancellationToken>())).ReturnsAsync(Response.FromValue(certificate, Mock.Of<Response>()));
        return client;
    }

    private static X509Certificate2 SelfSigned(out byte[] pfx)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kv.test", key, HashAlgorithmName.SHA256);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        pfx = certificate.Export(X509ContentType.Pfx);
        return certificate;
    }
}
