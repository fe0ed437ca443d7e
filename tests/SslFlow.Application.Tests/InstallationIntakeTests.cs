using System.Text.Json;
using Moq;
using SslFlow.Application.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Application.Tests;

/// <summary>Install targets at ordering (issue 17): field-named errors, the key-export refusal, the caller's default.</summary>
public sealed class InstallationIntakeTests
{
    private static readonly NormalisedOrder Order = new("dv-multi", ["shop.example.com", "*.cdn.example.com"], DcvMethod.Dns01, null, KeyAlgorithm.EcP256);

    private sealed class Installer(string kind) : IInstallTarget
    {
        public string Kind { get; } = kind;

        public Task<InstallResult> InstallAsync(InstallRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static InstallationIntake Intake(bool exportable, Dictionary<string, string>? defaults = null)
    {
        var keys = new Mock<IKeyExport>();
        keys.Setup(k => k.CanExport(It.IsAny<CsrRequest>())).Returns(exportable);
        var options = new InstallationIntakeOptions();
        foreach (var (caller, json) in defaults ?? []) options.Defaults[caller] = json;
        return new InstallationIntake(Mock.Of<IInstallationStore>(), new InstallTargets([new Installer("nginx"), new Installer("keyVaultConsumer")]), keys.Object, options);
    }

    private static List<JsonElement> Json(string array) => JsonSerializer.Deserialize<List<JsonElement>>(array)!;

    [Fact]
    public void Valid_targets_are_parsed_and_wildcards_cover_one_label()
    {
        var errors = Intake(true).Validate(Json("""[{"kind":"nginx","siteName":"shop","serverName":"SHOP.example.com."},{"kind":"keyVaultConsumer","hostName":"a.cdn.example.com","port":8443}]"""),
            "acme-corp", Order, out var targets);

        Assert.Empty(errors);
        Assert.Equal<InstallTarget>([new NginxTarget("shop", "shop.example.com"), new KeyVaultConsumerTarget("a.cdn.example.com", 8443)], targets!);
    }

    [Fact]
    public void Each_bad_field_is_named()
    {
        var errors = Intake(true).Validate(Json("""[{"kind":"nginx","siteName":"../etc","serverName":"other.example.com","port":0},{"kind":"appService"},{"kind":"keyVaultConsumer","hostName":"a.b.cdn.example.com"},7]"""),
            "acme-corp", Order, out var targets);

        Assert.Null(targets);
        Assert.Equal(["installTargets[0].siteName", "installTargets[0].serverName", "installTargets[0].port", "installTargets[1].subscriptionId", "installTargets[1].resourceGroup",
            "installTargets[1].siteName", "installTargets[1].hostName", "installTargets[2].hostName", "installTargets[3]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_file_target_is_refused_when_the_vault_keeps_the_key()
    {
        var errors = Intake(exportable: false).Validate(Json("""[{"kind":"nginx","siteName":"shop","serverName":"shop.example.com"}]"""), "acme-corp", Order, out var targets);

        var (field, reason) = Assert.Single(errors);
        Assert.Equal("installTargets[0]", field);
        Assert.Contains("private key", reason);
        Assert.Null(targets);
    }

    [Fact]
    public void A_kind_this_host_does_not_install_on_is_refused()
    {
        var errors = Intake(true).Validate(Json("""[{"kind":"webhook","url":"https://hooks.example.com/x","secretName":"acme"}]"""), "acme-corp", Order, out _);

        Assert.Equal("installTargets[0].kind", Assert.Single(errors).Field);
    }

    [Fact]
    public void Without_targets_the_callers_default_applies_and_other_callers_get_none()
    {
        var intake = Intake(true, new() { ["acme-corp"] = """[{"kind":"nginx","siteName":"shop","serverName":"shop.example.com","port":443}]""" });

        Assert.Empty(intake.Validate(null, "acme-corp", Order, out var targets));
        Assert.Equal<InstallTarget>([new NginxTarget("shop", "shop.example.com")], targets!);
        Assert.Empty(intake.Validate(null, "someone-else", Order, out var none));
        Assert.Null(none);
    }
}
