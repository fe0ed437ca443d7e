using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SslFlow.AcmeClient;
using SslFlow.Adapters.Acme;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Acme.Tests.Acme;

/// <summary>
/// What Debian's Pebble 2.4 does not offer (its directory has no renewalInfo and no profiles), tested against
/// <see cref="AcmeStubServer"/>: ARI read and <c>replaces</c> sent only when offered, profiles, EAB HS384/HS512 MACs,
/// and rateLimited + Retry-After becoming a durable wait.
/// </summary>
public sealed class AcmeClientStubTests
{
    private static readonly byte[] EabKey = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData("HS256")]
    [InlineData("HS384")]
    [InlineData("HS512")]
    public async Task The_external_account_binding_is_a_mac_of_the_account_jwk_with_the_cas_algorithm(string algorithm)
    {
        await using var ca = new AcmeStubServer(offerAri: false, offerProfiles: false);
        using var http = new HttpClient();
        using var key = AccountKey.Create();
        var client = new AcmeClient.AcmeClient(http, ca.Directory, key);

        await client.NewAccountAsync(["ops@example.test"], "kid-1", Base64Url.Encode(EabKey), algorithm);

        var (_, header, payload) = Assert.Single(ca.Posts);
        Assert.NotNull(header["jwk"]); // newAccount is signed with the key itself
        var eab = payload!["externalAccountBinding"]!;
        var eabHeader = System.Text.Json.Nodes.JsonNode.Parse(Base64Url.Decode(eab["protected"]!.GetValue<string>()))!;
        Assert.Equal((algorithm, "kid-1", new Uri(ca.Base, "acct").ToString()),
            (eabHeader["alg"]!.GetValue<string>(), eabHeader["kid"]!.GetValue<string>(), eabHeader["url"]!.GetValue<string>()));
        Assert.Equal(key.JwkJson, Encoding.UTF8.GetString(Base64Url.Decode(eab["payload"]!.GetValue<string>())));
        var input = Encoding.ASCII.GetBytes($"{eab["protected"]}.{eab["payload"]}");
        var expected = algorithm switch { "HS256" => HMACSHA256.HashData(EabKey, input), "HS384" => HMACSHA384.HashData(EabKey, input), _ => HMACSHA512.HashData(EabKey, input) };
        Assert.Equal(Base64Url.Encode(expected), eab["signature"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_the_directory_offers_ari_and_profiles_the_window_is_read_and_replaces_and_profile_are_sent()
    {
        await using var ca = new AcmeStubServer(offerAri: true, offerProfiles: true);
        using var http = new HttpClient();
        using var key = AccountKey.Create();
        var client = new AcmeClient.AcmeClient(http, ca.Directory, key);
        await client.NewAccountAsync(["ops@example.test"], "kid-1", Base64Url.Encode(EabKey));
        using var certificate = IssueTestCertificate();
        var certId = AcmeClient.AcmeClient.AriCertId(certificate.RawData);

        var window = await client.GetRenewalInfoAsync(certificate.RawData);
        Assert.NotNull(window);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), window.Value.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), window.Value.End);
        Assert.Equal(TimeSpan.FromHours(6), window.Value.RetryAfter);
        Assert.Equal(certId, Assert.Single(ca.AriRequests));
        // RFC 9773 §4.1: base64url(AKI keyIdentifier) "." base64url(serial)
        var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value;
        Assert.Equal($"{Base64Url.Encode(aki.Span)}.{Base64Url.Encode(certificate.SerialNumberBytes.Span)}", certId);

        await client.NewOrderAsync(["www.example.test"], replaces: certId, profile: "shortlived");
        var order = ca.Posts.Last(p => p.Path == "/order").Payload!;
        Assert.Equal(certId, order["replaces"]!.GetValue<string>());
        Assert.Equal("shortlived", order["profile"]!.GetValue<string>());
        await Assert.ThrowsAsync<ArgumentException>(() => client.NewOrderAsync(["www.example.test"], profile: "tlsclient"));
    }

    [Fact]
    public async Task Without_renewalInfo_or_profiles_in_the_directory_nothing_is_asked_or_sent()
    {
        await using var ca = new AcmeStubServer(offerAri: false, offerProfiles: false);
        using var http = new HttpClient();
        using var key = AccountKey.Create();
        var client = new AcmeClient.AcmeClient(http, ca.Directory, key);
        await client.NewAccountAsync(["ops@example.test"], "kid-1", Base64Url.Encode(EabKey));
        using var certificate = IssueTestCertificate();

        Assert.Null(await client.GetRenewalInfoAsync(certificate.RawData));
        await client.NewOrderAsync(["www.example.test"], replaces: AcmeClient.AcmeClient.AriCertId(certificate.RawData));
        Assert.Null(ca.Posts.Last(p => p.Path == "/order").Payload!["replaces"]);
        Assert.Empty(ca.AriRequests);
        await Assert.ThrowsAsync<ArgumentException>(() => client.NewOrderAsync(["www.example.test"], profile: "shortlived"));
    }

    [Fact]
    public async Task RateLimited_with_Retry_After_becomes_a_wait_until_that_time_not_a_failure()
    {
        await using var ca = new AcmeStubServer(offerAri: false, offerProfiles: false, rateLimitOrders: true);
        using var http = new HttpClient();
        using var key = AccountKey.Create();
        var client = new AcmeClient.AcmeClient(http, ca.Directory, key);
        await client.NewAccountAsync(["ops@example.test"], "kid-1", Base64Url.Encode(EabKey));

        var problem = await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(["www.example.test"]));
        Assert.Equal(("rateLimited", 429, TimeSpan.FromSeconds(120)), (problem.Problem.Kind, problem.HttpStatus, problem.RetryAfter));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var wait = Assert.IsType<CaRateLimitedException>(AcmeCertificateAuthority.ToWorkflowException(problem, time));
        Assert.Equal(time.GetUtcNow().AddSeconds(120), wait.RetryAt);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_acme_adapter_answers_the_renewal_port_with_the_ari_window_and_the_replaces_id_only_when_offered(bool offered)
    {
        await using var ca = new AcmeStubServer(offerAri: offered, offerProfiles: false);
        var keys = Directory.CreateTempSubdirectory("sslflow-ari-").FullName;
        try
        {
            using var adapter = new AcmeCertificateAuthority(new AcmeOptions
            {
                DirectoryUrl = ca.Directory,
            }, new AcmeOrderIndex(new Azure.Data.Tables.TableServiceClient("UseDevelopmentStorage=true")), new AcmeAccountStore(new Azure.Data.Tables.TableServiceClient("UseDevelopmentStorage=true")),
                new SslFlow.Vault.Local.LocalVault(new SslFlow.Vault.Local.LocalVaultOptions { RootPath = keys, MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<AcmeCertificateAuthority>.Instance);
            using var certificate = IssueTestCertificate();

            var info = await adapter.GetRenewalInfoAsync(certificate.RawData, default);

            if (!offered)
            {
                Assert.Null(info);
                return;
            }
            Assert.Equal(new SslFlow.Contracts.CertificateAuthorities.CaRenewalInfo(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero),
                AcmeClient.AcmeClient.AriCertId(certificate.RawData)), info);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [Fact]
    public async Task An_smime_order_misrouted_to_acme_fails_with_a_clear_reason()
    {
        await using var ca = new AcmeStubServer(offerAri: false, offerProfiles: false);
        var keys = Directory.CreateTempSubdirectory("sslflow-smime-").FullName;
        try
        {
            using var adapter = new AcmeCertificateAuthority(new AcmeOptions
            {
                DirectoryUrl = ca.Directory,
            }, new AcmeOrderIndex(new Azure.Data.Tables.TableServiceClient("UseDevelopmentStorage=true")), new AcmeAccountStore(new Azure.Data.Tables.TableServiceClient("UseDevelopmentStorage=true")),
                new SslFlow.Vault.Local.LocalVault(new SslFlow.Vault.Local.LocalVaultOptions { RootPath = keys, MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<AcmeCertificateAuthority>.Instance);

            var refused = await Assert.ThrowsAsync<SslFlow.Contracts.CertificateAuthorities.CaOrderFailedException>(() => adapter.SubmitAsync(
                new SslFlow.Contracts.CertificateAuthorities.CaOrderRequest("ord-1-0", "smime-pro", ["maria@example.test"], SslFlow.Domain.Rules.DcvMethod.Email, null), default));

            Assert.Contains("S/MIME", refused.Message);
            Assert.Contains("smime-pro", refused.Message);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    private static X509Certificate2 IssueTestCertificate()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Stub Issuing CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var issuer = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=www.example.test", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return leafRequest.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [0x12, 0x34, 0x56]);
    }
}
