using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.DevStack;
using SslFlow.Domain.Rules;
using DurableTask.Core;
using SslFlow.DurableBridge;

namespace SslFlow.EndToEnd.Tests;

/// <summary>A DV order through the local host, Pebble (EAB, http-01), Azurite and maildev: all real.</summary>
[Collection(LocalPartsCollection.Name)]
public sealed class DvOrderTests(LocalPartsFixture parts)
{
    [Fact]
    public async Task A_dv_http01_order_becomes_active_with_a_certificate_from_the_vaults_key_chaining_to_the_ca_root()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var domain = $"e2e-{Guid.NewGuid():N}"[..16] + ".sslflow.test";

        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain }, product = "dv-single", dcvMethod = "http-01", contactEmail = "ops@sslflow.test" });
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        Assert.Equal("Completed", view.GetProperty("resellerState").GetString());
        Assert.StartsWith(parts.Pebble.DirectoryUri.GetLeftPart(UriPartial.Authority), view.GetProperty("caReference").GetString());
        var transitions = view.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()).ToList();
        Assert.Equal(["PENDING ACTIVATION", "ACTIVATION IN PROGRESS", "ACTIVE"], transitions.Prepend("PENDING ACTIVATION").Distinct().ToList());

        var pem = await http.GetStringAsync($"api/orders/{orderId}/certificate");
        Assert.DoesNotContain("PRIVATE KEY", pem);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(pem);
        using var root = X509Certificate2.CreateFromPem(await parts.Pebble.GetRootPemAsync());
        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.CustomTrustStore.Add(root);
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509.ChainPolicy.ExtraStore.AddRange(chain);
        Assert.True(x509.Build(chain[0]), string.Join("; ", x509.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(domain, chain[0].GetNameInfo(X509NameType.DnsName, false));
        Assert.Equal(view.GetProperty("serialNumber").GetString(), chain[0].SerialNumber);

        // The certificate carries the public key of the CSR the vault made (the key never left the vault).
        var history = await app.Services.GetRequiredService<IOrchestrationServiceClient>().GetHistoryAsync($"{orderId}:issue:0");
        var csrJson = OrchestrationHistory.ActivityResult(history, "CreateCsr");
        Assert.NotNull(csrJson);
        var csr = CertificateRequest.LoadSigningRequest(
            Convert.FromBase64String(JsonDocument.Parse(csrJson).RootElement.GetProperty("csrBase64").GetString()!),
            HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        Assert.Equal(csr.PublicKey.ExportSubjectPublicKeyInfo(), chain[0].PublicKey.ExportSubjectPublicKeyInfo());
        // …and a lifetime within the CA/B Forum maximum for the day it was issued.
        Assert.True(BaselineRequirements.IsValidityAllowed(chain[0].NotBefore.ToUniversalTime(), chain[0].NotAfter.ToUniversalTime()),
            $"{chain[0].NotBefore:u} .. {chain[0].NotAfter:u}");
    }

    [Fact]
    public async Task A_wildcard_order_is_validated_by_dns01_at_the_dns_provider_and_becomes_active()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var baseName = $"wc-{Guid.NewGuid():N}"[..15] + ".sslflow.test";

        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { "*." + baseName, baseName }, product = "dv-wildcard", dcvMethod = "dns-01" });
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await http.GetStringAsync($"api/orders/{orderId}/certificate"));
        var sans = chain[0].Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList();
        Assert.Contains("*." + baseName, sans);
        Assert.Contains(baseName, sans);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_problem_details_naming_the_field_and_starts_nothing()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;

        var before = JsonDocument.Parse(await http.GetStringAsync("api/orders?pageSize=1000")).RootElement.GetProperty("orders").GetArrayLength();
        var response = await http.PostAsync("api/orders", new StringContent("""{"domains":["*.example.com"],"product":"dv-single","dcvMethod":"http-01"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("domains[0]", out _));

        var after = JsonDocument.Parse(await http.GetStringAsync("api/orders?pageSize=1000")).RootElement.GetProperty("orders").GetArrayLength();
        Assert.Equal(before, after);

        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/orders")).StatusCode);

        // The http-01 port (port 80 in production) answers challenges only: not the API, even with a valid key.
        using var onHttp01Port = parts.Client(parts.Pebble.Http01Port);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await onHttp01Port.GetAsync("api/orders")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await onHttp01Port.GetAsync("index.html")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await onHttp01Port.GetAsync(".well-known/acme-challenge/unknown-token")).StatusCode);
    }
}
