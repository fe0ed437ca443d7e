using System.Security.Cryptography;
using System.Text;
using SslFlow.Vault.Local;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Vault.Tests;

public sealed class LocalVaultTests : VaultContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sslflow-vault-tests", Guid.NewGuid().ToString("N"));
    private readonly string _masterKey = LocalVaultMasterKey.Generate();
    private readonly LocalVault _vault;

    public LocalVaultTests()
    {
        _vault = Open();
    }

    protected override IVault Vault => _vault;

    private string Folder => Path.Combine(_root, Name);

    [Fact]
    public async Task Key_files_hold_no_plaintext_private_key()
    {
        var ec = await _vault.CreateCsrAsync(Request(KeyAlgorithm.EcP256), Ct);
        var rsa = await _vault.CreateCsrAsync(Request(KeyAlgorithm.Rsa2048, name: "rsa-site"), Ct);

        var secrets = new List<byte[]>();
        using (var key = (ECDsa)await _vault.OpenKeyAsync(Name, ec.Version, KeyAlgorithm.EcP256, Ct))
        {
            Assert.Equal(Csrs.PublicKeyInfo(ec.Csr), key.ExportSubjectPublicKeyInfo()); // the stored key is the CSR's key
            secrets.Add(key.ExportPkcs8PrivateKey());
            secrets.Add(key.ExportECPrivateKey());
            secrets.Add(key.ExportParameters(true).D!);
        }

        using (var key = (RSA)await _vault.OpenKeyAsync("rsa-site", rsa.Version, KeyAlgorithm.Rsa2048, Ct))
        {
            Assert.Equal(Csrs.PublicKeyInfo(rsa.Csr), key.ExportSubjectPublicKeyInfo());
            secrets.Add(key.ExportPkcs8PrivateKey());
            secrets.Add(key.ExportRSAPrivateKey());
            secrets.Add(key.ExportParameters(true).P!);
        }

        secrets.AddRange(secrets.Select(s => Encoding.ASCII.GetBytes(Convert.ToBase64String(s))).ToArray());
        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith(".key", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(secret) < 0, $"{Path.GetFileName(file)} contains private key material");
            }
        }
    }

    [Fact]
    public async Task Key_files_are_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // POSIX permissions only
        }

        var pending = await _vault.CreateCsrAsync(Request(), Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Folder, pending.Version + ".key")));
    }

    [Fact]
    public async Task A_wrong_master_key_fails_to_open_the_store()
    {
        await _vault.CreateCsrAsync(Request(), Ct);

        Assert.ThrowsAny<CryptographicException>(() => Open(LocalVaultMasterKey.Generate()));
    }

    [Fact]
    public async Task Key_files_do_not_open_under_another_master_key()
    {
        var pending = await _vault.CreateCsrAsync(Request(), Ct);
        File.Delete(Path.Combine(_root, ".master-key-check")); // get past the store-level check

        var other = Open(LocalVaultMasterKey.Generate());

        await Assert.ThrowsAnyAsync<CryptographicException>(() => other.MergeAsync(Name, Ca.Issue(pending.Csr), Ct));
        Assert.Null(await other.GetCertificateAsync(Name, Ct));
    }

    [Fact]
    public async Task A_key_file_moved_to_another_version_does_not_decrypt()
    {
        var a = await _vault.CreateCsrAsync(Request(name: "site-a"), Ct);
        var b = await _vault.CreateCsrAsync(Request(name: "site-b"), Ct);
        File.Copy(Path.Combine(_root, "site-a", a.Version + ".key"), Path.Combine(_root, "site-b", b.Version + ".key"), overwrite: true);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => _vault.MergeAsync("site-b", Ca.Issue(b.Csr), Ct));
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_write_does_not_corrupt_the_store()
    {
        var pending = await _vault.CreateCsrAsync(Request(), Ct);
        var state = File.ReadAllBytes(Path.Combine(Folder, "state.json"));

        // What a crash leaves behind: half-written temp files that were never renamed, and a complete key file
        // whose state pointer was never written.
        File.WriteAllBytes(Path.Combine(Folder, $"state.json.{Guid.NewGuid():N}.tmp"), state.AsSpan(0, state.Length / 2).ToArray());
        File.WriteAllBytes(Path.Combine(Folder, $"{Guid.NewGuid():N}.key.{Guid.NewGuid():N}.tmp"), [0x53, 0x46]);
        File.WriteAllBytes(Path.Combine(Folder, $"{Guid.NewGuid():N}.key"), RandomNumberGenerator.GetBytes(80));

        var reopened = Open();
        Assert.Null(await reopened.GetCertificateAsync(Name, Ct));
        var again = await reopened.CreateCsrAsync(Request(), Ct);
        Assert.Equal(pending.Version, again.Version);
        Assert.Equal(pending.Csr, again.Csr);
        var merged = await reopened.MergeAsync(Name, Ca.Issue(pending.Csr), Ct);

        Assert.Equal(merged.SerialNumber, (await Open().GetCertificateAsync(Name, Ct))!.SerialNumber);
        Assert.Empty(Directory.GetFiles(Folder, "*.tmp"));
    }

    [Fact]
    public async Task A_crash_between_writing_the_chain_and_moving_the_pointer_is_repaired_by_merging_again()
    {
        var pending = await _vault.CreateCsrAsync(Request(), Ct);
        var chain = Ca.Issue(pending.Csr);
        File.WriteAllText(Path.Combine(Folder, pending.Version + ".chain.pem"), CertificatePem.FromChain(chain)); // pointer not moved

        var reopened = Open();
        Assert.Null(await reopened.GetCertificateAsync(Name, Ct));
        var merged = await reopened.MergeAsync(Name, chain, Ct);

        Assert.Equal(pending.Version, merged.Version);
    }

    [Fact]
    public async Task Concurrent_csr_requests_make_one_key()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _vault.CreateCsrAsync(Request(), Ct))));

        Assert.Single(results.Select(r => r.Version).Distinct());
        Assert.All(results, r => Assert.Equal(results[0].Csr, r.Csr));
        Assert.Single(Directory.GetFiles(Folder, "*.key"));
    }

    [Fact]
    public async Task Two_instances_over_the_same_folder_still_make_one_key()
    {
        var other = Open();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? _vault : other).CreateCsrAsync(Request(), Ct))));

        Assert.Single(results.Select(r => r.Version).Distinct());
        Assert.Single(Directory.GetFiles(Folder, "*.key"));
    }

    [Fact]
    public async Task The_current_certificate_keeps_the_whole_chain_and_exports_as_pem_without_a_key()
    {
        Assert.Null(await _vault.ExportChainPemAsync(Name, Ct));
        var pending = await _vault.CreateCsrAsync(Request(), Ct);
        var chain = Ca.Issue(pending.Csr);
        await _vault.MergeAsync(Name, chain, Ct);

        var current = await _vault.GetCertificateAsync(Name, Ct);
        Assert.Equal(chain, current!.ChainDer);

        var pem = await _vault.ExportChainPemAsync(Name, Ct);
        Assert.NotNull(pem);
        Assert.DoesNotContain("PRIVATE KEY", pem);
        Assert.Equal(2, pem.Split("-----BEGIN CERTIFICATE-----").Length - 1);
        Assert.Equal(chain, CertificatePem.ToChain(pem));
    }

    [Fact]
    public async Task Names_are_case_insensitive_like_key_vault()
    {
        var pending = await _vault.CreateCsrAsync(Request(name: "Site-A"), Ct);

        var again = await _vault.CreateCsrAsync(Request(name: "site-a"), Ct);

        Assert.Equal(pending.Version, again.Version);
    }

    [Fact]
    public void The_master_key_helper_creates_an_owner_only_file_once()
    {
        var path = Path.Combine(_root, "keys", "master.key");

        var created = LocalVaultMasterKey.LoadOrCreate(path);
        var loaded = LocalVaultMasterKey.LoadOrCreate(path);

        Assert.Equal(created, loaded);
        Assert.Equal(32, Convert.FromBase64String(created).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_master_key_is_refused(string? masterKey)
    {
        Assert.Throws<InvalidOperationException>(() => new LocalVault(new LocalVaultOptions { RootPath = _root, MasterKey = masterKey }));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void A_malformed_master_key_is_refused_without_echoing_it(string masterKey)
    {
        var error = Assert.Throws<ArgumentException>(() => new LocalVault(new LocalVaultOptions { RootPath = _root, MasterKey = masterKey }));

        Assert.DoesNotContain(masterKey, error.Message);
    }

    public override void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        base.Dispose();
    }

    private LocalVault Open(string? masterKey = null) =>
        new(new LocalVaultOptions { RootPath = _root, MasterKey = masterKey ?? _masterKey });
}
