using Azure;
using Azure.Security.KeyVault.Certificates;
using Moq;
using SslFlow.Vault.KeyVault;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Vault.Tests;

public sealed class KeyVaultVaultTests : VaultContractTests
{
    private readonly FakeKeyVault _fake = new();
    private readonly RecordingTimeProvider _time = new();
    private readonly KeyVaultVault _vault;

    public KeyVaultVaultTests()
    {
        _vault = new KeyVaultVault(_fake.Client.Object, _fake.Operations.Object, _time);
    }

    protected override IVault Vault => _vault;

    [Fact]
    public async Task A_conflict_reads_the_pending_operation_instead_of_making_a_key()
    {
        var csr = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 };
        _fake.Operations
            .Setup(o => o.StartCreateAsync(Name, It.IsAny<CertificatePolicy>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(409, "There is a pending operation on this certificate.", "Conflict", null));
        _fake.Operations
            .Setup(o => o.GetOperationAsync(Name, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PendingCertificateOperation(Name, "request-7", "inProgress", csr));

        var pending = await _vault.CreateCsrAsync(Request(), Ct);

        Assert.Equal(csr, pending.Csr);
        Assert.Equal("request-7", pending.Version);
        _fake.Operations.Verify(o => o.GetOperationAsync(Name, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_conflict_without_a_pending_operation_is_rethrown()
    {
        // e.g. the name is soft-deleted: 409 too, but nothing to resume.
        _fake.Operations
            .Setup(o => o.StartCreateAsync(Name, It.IsAny<CertificatePolicy>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(409, "Certificate is currently in a deleted but recoverable state.", "Conflict", null));
        _fake.Operations
            .Setup(o => o.GetOperationAsync(Name, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PendingCertificateOperation(Name, "old", "completed", [0x30, 0x00]));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _vault.CreateCsrAsync(Request(), Ct));

        Assert.Equal(409, error.Status);
    }

    [Fact]
    public async Task Throttling_backs_off_1_2_4_8_16_seconds_on_the_clock_then_succeeds()
    {
        var attempts = 0;
        _fake.Operations
            .Setup(o => o.StartCreateAsync(Name, It.IsAny<CertificatePolicy>(), It.IsAny<CancellationToken>()))
            .Returns((string name, CertificatePolicy policy, CancellationToken _) => ++attempts <= 5
                ? Task.FromException<PendingCertificateOperation>(new RequestFailedException(429, "Too many requests", "Throttled", null))
                : _fake.StartCreateAsync(name, policy));
        var start = _time.GetUtcNow();

        var creating = _vault.CreateCsrAsync(Request(), Ct);

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var due = await _time.NextTimerAsync();
            delays.Add(due);
            Assert.False(creating.IsCompleted);
            _time.Advance(due);
        }

        var pending = await creating.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1, 2, 4, 8, 16], delays.Select(d => d.TotalSeconds));
        Assert.Equal(6, attempts);
        Assert.Equal(TimeSpan.FromSeconds(31), _time.GetUtcNow() - start);
        Assert.NotEmpty(Csrs.DnsNames(Csrs.Load(pending.Csr)));
    }

    [Fact]
    public async Task Throttling_gives_up_after_the_16_second_wait()
    {
        _fake.Operations
            .Setup(o => o.StartCreateAsync(Name, It.IsAny<CertificatePolicy>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(429, "Too many requests", "Throttled", null));

        var creating = _vault.CreateCsrAsync(Request(), Ct);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(await _time.NextTimerAsync());
        }

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => creating.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(429, error.Status);
        _fake.Operations.Verify(o => o.StartCreateAsync(Name, It.IsAny<CertificatePolicy>(), It.IsAny<CancellationToken>()), Times.Exactly(6));
        Assert.False(_time.HasUnobservedTimers);
    }

    [Fact]
    public async Task A_throttled_merge_is_retried_on_the_clock()
    {
        var pending = await _vault.CreateCsrAsync(Request(), Ct);
        var chain = Ca.Issue(pending.Csr);
        var calls = 0;
        _fake.Client
            .Setup(c => c.MergeCertificateAsync(It.IsAny<MergeCertificateOptions>(), It.IsAny<CancellationToken>()))
            .Returns((MergeCertificateOptions options, CancellationToken _) => ++calls == 1
                ? Task.FromException<Response<KeyVaultCertificateWithPolicy>>(new RequestFailedException(429, "Too many requests", "Throttled", null))
                : _fake.MergeAsync(options));

        var merging = _vault.MergeAsync(Name, chain, Ct);
        Assert.Equal(TimeSpan.FromSeconds(1), await _time.NextTimerAsync());
        _time.Advance(TimeSpan.FromSeconds(1));

        var merged = await merging.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, calls);
        Assert.NotNull(merged.Version);
    }

    [Fact]
    public async Task The_policy_asks_key_vault_for_an_external_issuer_key_and_csr()
    {
        await _vault.CreateCsrAsync(new CsrRequest(Name, "www.example.com", ["www.example.com", "example.com"]), Ct);

        var policy = Assert.Single(_fake.Policies);
        Assert.Equal(WellKnownIssuerNames.Unknown, policy.IssuerName);
        Assert.Equal("CN=www.example.com", policy.Subject);
        Assert.Equal(["www.example.com", "example.com"], policy.SubjectAlternativeNames.DnsNames);
        Assert.Equal(CertificateKeyType.Ec, policy.KeyType);
        Assert.Equal(CertificateKeyCurveName.P256, policy.KeyCurveName);
        Assert.Null(policy.KeySize);
        Assert.False(policy.Exportable);
        Assert.False(policy.ReuseKey);
        Assert.Equal(CertificateContentType.Pkcs12, policy.ContentType);
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcP384, "EC", 0, "P-384")]
    [InlineData(KeyAlgorithm.Rsa2048, "RSA", 2048, null)]
    [InlineData(KeyAlgorithm.Rsa3072, "RSA", 3072, null)]
    [InlineData(KeyAlgorithm.Rsa4096, "RSA", 4096, null)]
    public void The_policy_carries_key_type_size_and_curve(KeyAlgorithm key, string keyType, int keySize, string? curve)
    {
        var policy = KeyVaultPolicies.For(new CsrRequest(Name, "example.com", [], key, Exportable: true));

        Assert.Equal(new CertificateKeyType(keyType), policy.KeyType);
        Assert.Equal(keySize == 0 ? null : keySize, policy.KeySize);
        Assert.Equal(curve, policy.KeyCurveName?.ToString());
        Assert.True(policy.Exportable);
        Assert.Equal(["example.com"], policy.SubjectAlternativeNames.DnsNames);
    }

    [Fact]
    public void An_smime_policy_asks_for_the_mailbox_as_an_email_san_and_the_person_in_the_subject()
    {
        var smime = new Domain.Organizations.SmimeSubject("maria@example.com", "Maria De Luca", "Maria", "De Luca", "Rossi S.p.A.", "IT");

        var policy = KeyVaultPolicies.For(new CsrRequest(Name, "Maria De Luca", [], Smime: smime));

        Assert.Equal(["maria@example.com"], policy.SubjectAlternativeNames.Emails);
        Assert.Empty(policy.SubjectAlternativeNames.DnsNames);
        // Key Vault's X.500 string names: G (givenName), SN (surname), as in the local vault's CSR.
        Assert.Equal("CN=Maria De Luca, SN=De Luca, G=Maria, O=Rossi S.p.A., C=IT", policy.Subject);
        Assert.Equal(["1.3.6.1.5.5.7.3.4"], policy.EnhancedKeyUsage); // emailProtection, not Key Vault's TLS default
        Assert.Equal([CertificateKeyUsage.DigitalSignature], policy.KeyUsage); // an EC key: signing only
        Assert.Empty(KeyVaultPolicies.For(new CsrRequest(Name, "example.com", ["example.com"])).EnhancedKeyUsage); // TLS unchanged
    }

    [Fact]
    public void The_policy_subject_escapes_the_common_name()
    {
        var policy = KeyVaultPolicies.For(new CsrRequest(Name, "a,b=c.example.com", []));

        Assert.Equal("CN=\"a,b=c.example.com\"", policy.Subject);
    }

    [Fact]
    public async Task Merge_sends_the_whole_chain_once_and_re_merging_makes_no_call()
    {
        var pending = await _vault.CreateCsrAsync(Request(), Ct);
        var chain = Ca.Issue(pending.Csr);

        await _vault.MergeAsync(Name, chain, Ct);
        await _vault.MergeAsync(Name, chain, Ct);

        var merge = Assert.Single(_fake.Merges);
        Assert.Equal(Name, merge.Name);
        Assert.Equal(chain, merge.X509Certificates);
    }

    [Fact]
    public async Task A_leaf_for_another_key_never_reaches_key_vault()
    {
        await _vault.CreateCsrAsync(Request(), Ct);

        await Assert.ThrowsAsync<VaultKeyMismatchException>(() => _vault.MergeAsync(Name, Ca.IssueForAnotherKey("www.example.com"), Ct));

        Assert.Empty(_fake.Merges);
    }

    [Fact]
    public async Task A_finished_operation_is_not_pending()
    {
        var pending = await _vault.CreateCsrAsync(Request(), Ct);
        await _vault.MergeAsync(Name, Ca.Issue(pending.Csr), Ct);

        await _vault.CancelPendingAsync(Name, Ct);

        _fake.Operations.Verify(o => o.CancelAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        var renewal = await _vault.CreateCsrAsync(Request(), Ct);
        Assert.NotEqual(pending.Version, renewal.Version);
    }

    [Fact]
    public async Task The_current_certificate_is_the_leaf_key_vault_holds()
    {
        var pending = await _vault.CreateCsrAsync(Request(), Ct);
        var chain = Ca.Issue(pending.Csr);
        var merged = await _vault.MergeAsync(Name, chain, Ct);

        var current = await _vault.GetCertificateAsync(Name, Ct);

        Assert.Equal(merged.Version, current!.Version);
        Assert.Equal([chain[0]], current.ChainDer);
    }
}
