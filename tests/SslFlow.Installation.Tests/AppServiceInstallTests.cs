using SslFlow.Adapters.Installation;
using SslFlow.Contracts.Installation;

namespace SslFlow.Installation.Tests;

/// <summary>App Service installation against a local ARM endpoint that checks every request.</summary>
public sealed class AppServiceInstallTests : IAsyncLifetime
{
    private const string Thumbprint = "3F2A9C0D1E4B5A6978877665544332211000FFEE";
    private const string HostName = "www.contoso.test";
    private ArmStub _arm = null!;
    private readonly ArmTokenCredential _credential = new();

    public async Task InitializeAsync() => _arm = await ArmStub.StartAsync();

    public async Task DisposeAsync() => await _arm.DisposeAsync();

    private AppServiceInstallTarget Target() => new(
        new AppServiceInstallOptions
        {
            ResourceManagerEndpoint = _arm.Endpoint,
            ApiVersion = ArmStub.ApiVersion,
            KeyVaultResourceId = ArmStub.KeyVaultId,
            PollInterval = TimeSpan.FromSeconds(30),
            OperationTimeout = TimeSpan.FromSeconds(10),
        },
        _credential,
        _arm.Transport());

    private static InstallRequest Request(string thumbprint = Thumbprint, string site = ArmStub.Site) => new(
        "o-app", "order-app", "0A1B2C3D", thumbprint, DateTimeOffset.UtcNow.AddDays(90),
        new AppServiceTarget(ArmStub.Subscription, ArmStub.ResourceGroup, site, HostName));

    [Fact]
    public async Task Imports_the_Key_Vault_certificate_and_binds_the_host_name_with_SNI()
    {
        _arm.KeyVaultThumbprints["order-app"] = Thumbprint;

        var result = await Target().InstallAsync(Request(), CancellationToken.None);

        Assert.Equal(InstallOutcome.Installed, result.Outcome);
        Assert.Equal(new TlsEndpoint(HostName, 443), result.VerifyAt);
        Assert.Empty(_arm.Violations);
        Assert.Equal(("SniEnabled", (string?)Thumbprint), _arm.Bindings[HostName]);
        Assert.Equal(Thumbprint, _arm.Certificates[$"order-app-{Thumbprint}"], ignoreCase: true);
        var web = $"/subscriptions/{ArmStub.Subscription}/resourceGroups/{ArmStub.ResourceGroup}/providers/Microsoft.Web";
        Assert.Equal(
            [
                $"GET {web}/sites/{ArmStub.Site}",
                $"GET {web}/sites/{ArmStub.Site}/hostNameBindings/{HostName}",
                $"PUT {web}/certificates/order-app-{Thumbprint.ToLowerInvariant()}",
                $"PUT {web}/sites/{ArmStub.Site}/hostNameBindings/{HostName}",
            ],
            _arm.Requests);
        Assert.All(_credential.Scopes, s => Assert.Equal("https://management.azure.com/.default", s));
    }

    [Fact]
    public async Task Installing_the_bound_thumbprint_again_sends_no_change()
    {
        _arm.KeyVaultThumbprints["order-app"] = Thumbprint;
        Assert.Equal(InstallOutcome.Installed, (await Target().InstallAsync(Request(), CancellationToken.None)).Outcome);
        var before = _arm.Requests.Count;

        var again = await Target().InstallAsync(Request(), CancellationToken.None);

        Assert.Equal(InstallOutcome.AlreadyInstalled, again.Outcome);
        Assert.DoesNotContain(_arm.Requests.Skip(before), r => r.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_running_import_is_polled_until_it_succeeds()
    {
        _arm.KeyVaultThumbprints["order-app"] = Thumbprint;
        _arm.AsyncImport = true;

        var result = await Target().InstallAsync(Request(), CancellationToken.None);

        Assert.Equal(InstallOutcome.Installed, result.Outcome);
        Assert.Empty(_arm.Violations);
        Assert.Equal(2, _arm.Requests.Count(r => r.StartsWith("GET /operations/", StringComparison.Ordinal)));
        Assert.Equal(Thumbprint, _arm.Bindings[HostName].Thumbprint);
    }

    [Fact]
    public async Task When_Key_Vault_holds_another_version_nothing_is_bound()
    {
        _arm.KeyVaultThumbprints["order-app"] = "00112233445566778899AABBCCDDEEFF00112233";

        var result = await Target().InstallAsync(Request(), CancellationToken.None);

        Assert.Equal(InstallOutcome.Failed, result.Outcome);
        Assert.Contains("expected " + Thumbprint, result.Detail);
        Assert.False(_arm.Bindings.ContainsKey(HostName));
        Assert.Empty(_arm.Violations);
    }

    [Fact]
    public async Task A_missing_site_or_secret_is_reported()
    {
        var noSite = await Target().InstallAsync(Request(site: "no-such-site"), CancellationToken.None);
        var noSecret = await Target().InstallAsync(Request(), CancellationToken.None);

        Assert.Equal(InstallOutcome.Failed, noSite.Outcome);
        Assert.Contains("was not found", noSite.Detail);
        Assert.Equal(InstallOutcome.Failed, noSecret.Outcome);
        Assert.Contains("KeyVaultSecretNotFound", noSecret.Detail);
    }
}
