using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SslFlow.AcmeClient;
using SslFlow.Adapters.Acme;
using SslFlow.Adapters.Challenges;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Domain.Rules;

namespace SslFlow.Acme.Tests.Acme;

/// <summary>The ACME client against real Pebble with EAB, dns-01 at challtestsrv, and half of all nonces rejected.</summary>
public sealed class PebbleAcmeTests(PebbleFixture fixture) : IClassFixture<PebbleFixture>
{
    private AcmeClient.AcmeClient NewClient(HttpClient http, AccountKey key) => new(http, fixture.Pebble.DirectoryUri, key);

    [Fact]
    public async Task A_wildcard_order_by_dns01_completes_under_heavy_nonce_rejection_reuses_authorizations_picks_the_preferred_chain_and_revokes()
    {
        using var http = new HttpClient(fixture.Pebble.CreateTrustingHandler());
        using var key = AccountKey.Create();
        var client = NewClient(http, key);
        await client.NewAccountAsync(["ops@example.test"], fixture.Pebble.EabKeyId, fixture.Pebble.EabHmacKey);
        var baseName = $"wc-{Guid.NewGuid():N}"[..15] + ".example.test";
        string[] names = ["*." + baseName, baseName];
        var dns = new ChallTestSrvDnsResponder(http, fixture.Pebble.ChallengeServerUri);

        var order = await client.NewOrderAsync(names);
        foreach (var url in order.Authorizations)
        {
            var authz = await client.GetAuthorizationAsync(url);
            Assert.DoesNotContain(authz.Challenges, c => authz.Wildcard == true && c.Type == "http-01"); // wildcards only by dns-01
            var challenge = authz.Challenges.Single(c => c.Type == "dns-01");
            await dns.PublishAsync(new DcvChallenge((authz.Wildcard == true ? "*." : "") + authz.Identifier.Value, DcvMethod.Dns01, challenge.Token,
                client.Dns01TxtValue(challenge.Token), $"_acme-challenge.{authz.Identifier.Value}"), default);
            await client.AnswerChallengeAsync(challenge.Url);
        }
        order = await PollAsync(client, order, "ready");
        using var csrKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        order = await client.FinalizeAsync(order, Csr(csrKey, names));
        order = await PollAsync(client, order, "valid");

        // Preferred chain: the alternate root's name from configuration picks the alternate chain.
        var alternateRoot = await RootAsync(1);
        var preferred = await client.DownloadCertificateAsync(order.Certificate!, alternateRoot.GetNameInfo(X509NameType.SimpleName, false));
        var standard = await client.DownloadCertificateAsync(order.Certificate!);
        Assert.NotEmpty(standard.Alternates);
        using (var top = X509CertificateLoader.LoadCertificate(preferred.Certificates[^1])) Assert.Equal(alternateRoot.Subject, top.Issuer);
        using (var top = X509CertificateLoader.LoadCertificate(standard.Certificates[^1])) Assert.NotEqual(alternateRoot.Subject, top.Issuer);
        using var leaf = X509CertificateLoader.LoadCertificate(preferred.Certificates[0]);
        Assert.Equal(csrKey.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(standard.Certificates[0], preferred.Certificates[0]);

        // Authorization reuse: a second order for the same names is ready at once, nothing to prove.
        var again = await client.NewOrderAsync(names);
        foreach (var url in again.Authorizations) Assert.Equal("valid", (await client.GetAuthorizationAsync(url)).Status);
        Assert.Equal("ready", again.Status);

        await client.RevokeCertificateAsync(preferred.Certificates[0], 4);
        var twice = await Assert.ThrowsAsync<AcmeProblemException>(() => client.RevokeCertificateAsync(preferred.Certificates[0], 4));
        Assert.Equal("alreadyRevoked", twice.Problem.Kind);

        // Half of the nonces were refused and every request still went through.
        Assert.True(client.BadNonceRetries > 0, "Pebble rejected no nonce: PEBBLE_WFE_NONCEREJECT not in effect?");
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("HS384")]
    [InlineData("HS512")]
    public async Task Pebble_binds_a_new_account_to_the_external_account_with_each_eab_mac_algorithm(string algorithm)
    {
        using var http = new HttpClient(fixture.Pebble.CreateTrustingHandler());
        using var key = AccountKey.Create();
        var account = await NewClient(http, key).NewAccountAsync(["ops@example.test"], fixture.Pebble.EabKeyId, fixture.Pebble.EabHmacKey, algorithm);
        Assert.StartsWith(fixture.Pebble.DirectoryUri.GetLeftPart(UriPartial.Authority), account.ToString());
    }

    [Fact]
    public async Task Without_eab_pebble_refuses_the_account_and_that_is_an_operators_problem_not_the_customers()
    {
        using var http = new HttpClient(fixture.Pebble.CreateTrustingHandler());
        using var key = AccountKey.Create();
        var problem = await Assert.ThrowsAsync<AcmeProblemException>(() => NewClient(http, key).NewAccountAsync(["ops@example.test"]));
        Assert.Equal("externalAccountRequired", problem.Problem.Kind);
        Assert.Equal(AcmeProblemClass.Operator, problem.Classify());
    }

    private async Task<X509Certificate2> RootAsync(int index)
    {
        using var http = new HttpClient(fixture.Pebble.CreateTrustingHandler());
        return X509Certificate2.CreateFromPem(await http.GetStringAsync(new Uri(fixture.Pebble.ManagementUri, $"roots/{index}")));
    }

    /// <summary>Bounded polling of an order, as the workflow's poll policy does (Pebble validates in the background).</summary>
    private static async Task<AcmeOrder> PollAsync(AcmeClient.AcmeClient client, AcmeOrder order, string until)
    {
        for (var i = 0; i < 100; i++)
        {
            order = await client.GetOrderAsync(order.Location!);
            if (order.Status == until) return order;
            Assert.NotEqual("invalid", order.Status);
            await Task.Delay(100); // Pebble works asynchronously; observed through its API
        }
        throw new TimeoutException($"Order {order.Location} stayed {order.Status}.");
    }

    private static byte[] Csr(ECDsa key, string[] names)
    {
        var request = new CertificateRequest($"CN={names[1]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var n in names) san.AddDnsName(n);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }
}
