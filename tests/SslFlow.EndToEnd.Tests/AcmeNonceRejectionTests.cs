using Microsoft.Extensions.DependencyInjection;
using SslFlow.Adapters.Acme;
using SslFlow.DevStack;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.EndToEnd.Tests;

/// <summary>The service against a Pebble that rejects half of all nonces (its default is 5%): orders still complete.</summary>
[Collection(LocalPartsCollection.Name)]
public sealed class AcmeNonceRejectionTests(LocalPartsFixture parts)
{
    [Fact]
    public async Task A_dv_order_becomes_active_while_pebble_rejects_half_of_all_nonces()
    {
        var http01 = FreePort.Next();
        await using var pebble = await PebbleRunner.StartAsync(http01, new Dictionary<string, string> { ["PEBBLE_WFE_NONCEREJECT"] = "50" });
        var (app, http, _) = await parts.StartHostAsync(new Dictionary<string, string?>
        {
            ["SslFlow:Http01Port"] = http01.ToString(),
            ["SslFlow:Acme:DirectoryUrl"] = pebble.DirectoryUri.ToString(),
            ["SslFlow:Acme:EabKeyId"] = pebble.EabKeyId,
            ["SslFlow:Acme:EabHmacKey"] = pebble.EabHmacKey,
            ["SslFlow:Acme:TrustedCertificatePath"] = pebble.TlsCertificatePath,
            ["SslFlow:Dns:ChallTestSrvUrl"] = pebble.ChallengeServerUri.ToString(),
        });
        await using var _app = app;
        var domain = $"nonce-{Guid.NewGuid():N}"[..18] + ".sslflow.test";

        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain, "www." + domain }, product = "dv-multi", dcvMethod = "http-01" });
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        var acme = (AcmeCertificateAuthority)app.Services.GetRequiredService<CertificateAuthorities>().Get("acme");
        Assert.True(acme.BadNonceRetries > 0, "no nonce was rejected: PEBBLE_WFE_NONCEREJECT not in effect?");
        var orderIdAtCa = view.GetProperty("caReference").GetString()!.Split('/')[^1];
        Assert.Equal(1, pebble.FinalizationsOf(orderIdAtCa)); // retried requests never finalize twice
    }
}
