using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Vault.Tests;

/// <summary>
/// The <see cref="IVault"/> semantics every adapter must keep (see the port's comments). Each derived class runs
/// these against one implementation; certificates come from an in-test CA that signs the vault's own CSRs.
/// </summary>
public abstract class VaultContractTests : IDisposable
{
    protected const string Name = "www-example-com";
    protected static readonly CancellationToken Ct = CancellationToken.None;

    protected TestCa Ca { get; } = new();

    protected abstract IVault Vault { get; }

    protected static CsrRequest Request(KeyAlgorithm key = KeyAlgorithm.EcP256, string name = Name) =>
        new(name, "www.example.com", ["www.example.com", "example.com", "*.shop.example.com"], key);

    [Fact]
    public async Task Csr_carries_the_names_and_its_signature_verifies()
    {
        var pending = await Vault.CreateCsrAsync(Request(), Ct);

        Assert.Equal(Name, pending.CertificateName);
        Assert.False(string.IsNullOrEmpty(pending.Version));
        var csr = Csrs.Load(pending.Csr); // throws when the signature does not verify
        Assert.Equal("CN=www.example.com", csr.SubjectName.Name);
        Assert.Equal(["www.example.com", "example.com", "*.shop.example.com"], Csrs.DnsNames(csr));
        Assert.Equal(HashAlgorithmName.SHA256, csr.HashAlgorithm);
    }

    [Fact]
    public async Task An_smime_csr_names_the_mailbox_as_rfc822_name_and_the_validated_subject_and_no_dns_name()
    {
        var smime = new Domain.Organizations.SmimeSubject("maria@example.com", "Maria De Luca", "Maria", "De Luca", "Rossi S.p.A.", "IT", "Lombardia", "Milano");

        var pending = await Vault.CreateCsrAsync(new CsrRequest("smime-maria", "Maria De Luca", [], KeyAlgorithm.Rsa2048, Smime: smime), Ct);

        var csr = Csrs.Load(pending.Csr);
        Assert.Equal(["maria@example.com"], Csrs.EmailAddresses(csr));
        Assert.Empty(Csrs.DnsNames(csr));
        Assert.Equal(
            [("2.5.4.6", "IT"), ("2.5.4.8", "Lombardia"), ("2.5.4.7", "Milano"), ("2.5.4.10", "Rossi S.p.A."), ("2.5.4.42", "Maria"), ("2.5.4.4", "De Luca"), ("2.5.4.3", "Maria De Luca")],
            Csrs.Subject(csr));
    }

    [Fact]
    public async Task A_mailbox_only_smime_csr_has_the_mailbox_as_common_name()
    {
        var pending = await Vault.CreateCsrAsync(new CsrRequest("smime-basic", "jo@example.com", [], Smime: new("jo@example.com", "jo@example.com")), Ct);

        var csr = Csrs.Load(pending.Csr);
        Assert.Equal([("2.5.4.3", "jo@example.com")], Csrs.Subject(csr));
        Assert.Equal(["jo@example.com"], Csrs.EmailAddresses(csr));
    }

    [Fact]
    public async Task Common_name_missing_from_the_dns_names_is_added_to_the_san()
    {
        var pending = await Vault.CreateCsrAsync(new CsrRequest(Name, "example.com", ["www.example.com"]), Ct);

        Assert.Equal(["example.com", "www.example.com"], Csrs.DnsNames(Csrs.Load(pending.Csr)));
    }

    [Fact]
    public async Task Creating_the_csr_again_returns_the_pending_one_without_a_new_key()
    {
        var first = await Vault.CreateCsrAsync(Request(), Ct);
        var again = await Vault.CreateCsrAsync(Request(), Ct);

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.Csr, again.Csr);
    }

    [Fact]
    public async Task Merge_of_a_certificate_for_the_pending_key_makes_it_current()
    {
        var pending = await Vault.CreateCsrAsync(Request(), Ct);
        var chain = Ca.Issue(pending.Csr);
        using var leaf = X509CertificateLoader.LoadCertificate(chain[0]);

        var merged = await Vault.MergeAsync(Name, chain, Ct);

        Assert.Equal(Name, merged.CertificateName);
        Assert.False(string.IsNullOrEmpty(merged.Version));
        Assert.Equal(leaf.SerialNumber, merged.SerialNumber);
        Assert.Equal(leaf.Thumbprint, merged.Thumbprint);
        Assert.Equal(TestCa.NotBefore, merged.NotBefore);
        Assert.Equal(TestCa.NotAfter, merged.NotAfter);
        Assert.Equal(chain[0], merged.ChainDer[0]);

        var current = await Vault.GetCertificateAsync(Name, Ct);
        Assert.NotNull(current);
        Assert.Equal(merged.Version, current.Version);
        Assert.Equal(merged.SerialNumber, current.SerialNumber);
        Assert.Equal(chain[0], current.ChainDer[0]);
    }

    [Fact]
    public async Task Merge_of_a_certificate_for_another_key_is_refused_and_changes_nothing()
    {
        var pending = await Vault.CreateCsrAsync(Request(), Ct);

        await Assert.ThrowsAsync<VaultKeyMismatchException>(() => Vault.MergeAsync(Name, Ca.IssueForAnotherKey("www.example.com"), Ct));

        Assert.Null(await Vault.GetCertificateAsync(Name, Ct));
        var still = await Vault.CreateCsrAsync(Request(), Ct);
        Assert.Equal(pending.Csr, still.Csr);
        var merged = await Vault.MergeAsync(Name, Ca.Issue(pending.Csr), Ct);
        Assert.NotNull(merged);
    }

    [Fact]
    public async Task Merging_the_current_certificate_again_is_a_no_op()
    {
        var pending = await Vault.CreateCsrAsync(Request(), Ct);
        var chain = Ca.Issue(pending.Csr);
        var first = await Vault.MergeAsync(Name, chain, Ct);

        var again = await Vault.MergeAsync(Name, chain, Ct);

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.SerialNumber, again.SerialNumber);
        Assert.Equal(first.Version, (await Vault.GetCertificateAsync(Name, Ct))!.Version);
    }

    [Fact]
    public async Task Merge_with_nothing_pending_is_refused()
    {
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => Vault.MergeAsync(Name, Ca.IssueForAnotherKey("www.example.com"), Ct));
        Assert.Null(await Vault.GetCertificateAsync(Name, Ct));
    }

    [Fact]
    public async Task The_previous_version_stays_current_until_the_renewal_is_merged()
    {
        var first = await Vault.CreateCsrAsync(Request(), Ct);
        var v1 = await Vault.MergeAsync(Name, Ca.Issue(first.Csr), Ct);

        var renewal = await Vault.CreateCsrAsync(Request(), Ct);

        Assert.NotEqual(Csrs.PublicKeyInfo(first.Csr), Csrs.PublicKeyInfo(renewal.Csr)); // a new key for the renewal
        Assert.Equal(v1.SerialNumber, (await Vault.GetCertificateAsync(Name, Ct))!.SerialNumber);

        // The old certificate offered again while the renewal is pending is still the current one: a no-op.
        var v1Again = await Vault.MergeAsync(Name, v1.ChainDer.Take(1).Concat([Ca.Root.RawData]).ToArray(), Ct);
        Assert.Equal(v1.Version, v1Again.Version);

        var v2 = await Vault.MergeAsync(Name, Ca.Issue(renewal.Csr, TestCa.NotBefore.AddDays(60), TestCa.NotAfter.AddDays(60)), Ct);

        Assert.NotEqual(v1.Version, v2.Version);
        var current = await Vault.GetCertificateAsync(Name, Ct);
        Assert.Equal(v2.SerialNumber, current!.SerialNumber);
        Assert.Equal(TestCa.NotAfter.AddDays(60), current.NotAfter);
    }

    [Fact]
    public async Task Cancel_drops_the_pending_version()
    {
        var dropped = await Vault.CreateCsrAsync(Request(), Ct);

        await Vault.CancelPendingAsync(Name, Ct);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => Vault.MergeAsync(Name, Ca.Issue(dropped.Csr), Ct));
        var fresh = await Vault.CreateCsrAsync(Request(), Ct);
        Assert.NotEqual(Csrs.PublicKeyInfo(dropped.Csr), Csrs.PublicKeyInfo(fresh.Csr));
        await Assert.ThrowsAsync<VaultKeyMismatchException>(() => Vault.MergeAsync(Name, Ca.Issue(dropped.Csr), Ct));
        Assert.NotNull(await Vault.MergeAsync(Name, Ca.Issue(fresh.Csr), Ct));
    }

    [Fact]
    public async Task Cancel_keeps_the_current_certificate_and_is_a_no_op_when_nothing_is_pending()
    {
        await Vault.CancelPendingAsync(Name, Ct);
        var first = await Vault.CreateCsrAsync(Request(), Ct);
        var v1 = await Vault.MergeAsync(Name, Ca.Issue(first.Csr), Ct);
        await Vault.CancelPendingAsync(Name, Ct);
        await Vault.CreateCsrAsync(Request(), Ct);

        await Vault.CancelPendingAsync(Name, Ct);
        await Vault.CancelPendingAsync(Name, Ct);

        Assert.Equal(v1.SerialNumber, (await Vault.GetCertificateAsync(Name, Ct))!.SerialNumber);
    }

    [Fact]
    public async Task Certificates_are_kept_apart_by_name()
    {
        var a = await Vault.CreateCsrAsync(Request(name: "site-a"), Ct);
        var b = await Vault.CreateCsrAsync(Request(name: "site-b"), Ct);

        Assert.NotEqual(a.Csr, b.Csr);
        await Assert.ThrowsAsync<VaultKeyMismatchException>(() => Vault.MergeAsync("site-a", Ca.Issue(b.Csr), Ct));
        await Vault.MergeAsync("site-b", Ca.Issue(b.Csr), Ct);
        Assert.Null(await Vault.GetCertificateAsync("site-a", Ct));
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcP256, "1.2.840.10045.2.1", 256)]
    [InlineData(KeyAlgorithm.EcP384, "1.2.840.10045.2.1", 384)]
    [InlineData(KeyAlgorithm.Rsa2048, "1.2.840.113549.1.1.1", 2048)]
    [InlineData(KeyAlgorithm.Rsa3072, "1.2.840.113549.1.1.1", 3072)]
    [InlineData(KeyAlgorithm.Rsa4096, "1.2.840.113549.1.1.1", 4096)]
    public async Task Key_type_and_size_are_honoured(KeyAlgorithm algorithm, string keyOid, int keySize)
    {
        var pending = await Vault.CreateCsrAsync(Request(algorithm), Ct);

        var key = Csrs.Load(pending.Csr).PublicKey;
        Assert.Equal(keyOid, key.Oid.Value);
        using AsymmetricAlgorithm publicKey = (AsymmetricAlgorithm?)key.GetECDsaPublicKey() ?? key.GetRSAPublicKey()!;
        Assert.Equal(keySize, publicKey.KeySize);
        Assert.NotNull(await Vault.MergeAsync(Name, Ca.Issue(pending.Csr), Ct));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Names_outside_letters_digits_and_dashes_are_refused(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Vault.CreateCsrAsync(Request(name: name), Ct));
    }

    public virtual void Dispose()
    {
        Ca.Dispose();
        GC.SuppressFinalize(this);
    }
}
