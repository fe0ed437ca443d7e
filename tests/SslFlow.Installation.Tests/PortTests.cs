using System.Text.Json;
using SslFlow.Adapters.Installation;
using SslFlow.Contracts.Installation;

namespace SslFlow.Installation.Tests;

public sealed class PortTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Targets_round_trip_as_JSON_with_a_kind_discriminator_and_no_computed_fields()
    {
        InstallTarget[] targets =
        [
            new NginxTarget("shop", "shop.example", 8443),
            new AppServiceTarget("sub", "rg", "site", "www.example"),
            new KeyVaultConsumerTarget("cdn.example", Consumer: "Azure Front Door"),
            new WebhookTarget(new Uri("https://hooks.example/certs"), "contoso", "www.example"),
        ];

        foreach (var target in targets)
        {
            var json = JsonSerializer.Serialize(target, Json);
            Assert.StartsWith($"{{\"kind\":\"{target.Kind}\"", json);
            Assert.DoesNotContain("verifyAt", json);
            Assert.DoesNotContain("needsPrivateKey", json);
            Assert.Equal(target, JsonSerializer.Deserialize<InstallTarget>(json, Json));
        }

        Assert.Equal([true, false, false, false], targets.Select(t => t.NeedsPrivateKey));
        Assert.Equal(new TlsEndpoint("shop.example", 8443), targets[0].VerifyAt);
    }

    [Fact]
    public async Task Key_Vault_consumers_are_verify_only_and_an_unconfigured_kind_fails()
    {
        var targets = new InstallTargets([new KeyVaultConsumerInstallTarget()]);
        var consumer = new InstallRequest("o-1", "order-1", "01", "AA", DateTimeOffset.UtcNow, new KeyVaultConsumerTarget("cdn.example", Consumer: "Azure Front Door"));
        var nginx = consumer with { Target = new NginxTarget("shop", "shop.example") };

        var verifyOnly = await targets.InstallAsync(consumer, CancellationToken.None);
        var unconfigured = await targets.InstallAsync(nginx, CancellationToken.None);

        Assert.Equal(InstallOutcome.VerifyOnly, verifyOnly.Outcome);
        Assert.Equal(new TlsEndpoint("cdn.example"), verifyOnly.VerifyAt);
        Assert.StartsWith("Azure Front Door follows", verifyOnly.Detail);
        Assert.Equal(InstallOutcome.Failed, unconfigured.Outcome);
        Assert.Contains("'nginx'", unconfigured.Detail);
    }
}
