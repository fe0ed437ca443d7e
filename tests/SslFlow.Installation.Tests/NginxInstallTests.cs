using Moq;
using SslFlow.Adapters.Installation;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Vault;

namespace SslFlow.Installation.Tests;

/// <summary>Installation through a real nginx, checked on the wire with our verifier and with openssl s_client.</summary>
public sealed class NginxInstallTests(NginxFixture fixture) : IClassFixture<NginxFixture>
{
    private NginxInstallTarget Target() => new(fixture.Options, fixture.Certificates.Vault);

    private static NginxTarget Site(string name) => new(name, NginxFixture.ServerName(name), 0);

    [Fact]
    public async Task Installed_certificate_is_served_with_SNI_and_seen_by_openssl()
    {
        var certificate = await fixture.Certificates.IssueAsync("order-first", NginxFixture.ServerName("first"));

        var result = await Target().InstallAsync(Certificates.Request("o-first", certificate, Site("first")), CancellationToken.None);

        Assert.Equal(InstallOutcome.Installed, result.Outcome);
        var check = await fixture.Verifier.VerifyAsync(new TlsEndpoint(NginxFixture.ServerName("first"), fixture.Nginx.Port), certificate.SerialNumber, null, CancellationToken.None);
        Assert.True(check.Matches, check.Error);
        Assert.Equal(certificate.SerialNumber, await fixture.OpensslServedSerialAsync(NginxFixture.ServerName("first"), certificate.SerialNumber), ignoreCase: true);
    }

    [Fact]
    public async Task A_new_serial_replaces_the_old_one()
    {
        var target = Target();
        var endpoint = new TlsEndpoint(NginxFixture.ServerName("renewed"), fixture.Nginx.Port);
        var first = await fixture.Certificates.IssueAsync("order-renewed", endpoint.HostName);
        Assert.True((await target.InstallAsync(Certificates.Request("o-renewed", first, Site("renewed")), CancellationToken.None)).Succeeded);
        Assert.True((await fixture.Verifier.VerifyAsync(endpoint, first.SerialNumber, null, CancellationToken.None)).Matches);

        var renewal = await fixture.Certificates.IssueAsync("order-renewed", endpoint.HostName);
        var result = await target.InstallAsync(Certificates.Request("o-renewed", renewal, Site("renewed")), CancellationToken.None);

        Assert.Equal(InstallOutcome.Installed, result.Outcome);
        Assert.Contains(first.SerialNumber, result.Detail);
        var check = await fixture.Verifier.VerifyAsync(endpoint, renewal.SerialNumber, null, CancellationToken.None);
        Assert.True(check.Matches, check.Error);
        Assert.Equal(renewal.SerialNumber, await fixture.OpensslServedSerialAsync(endpoint.HostName, renewal.SerialNumber), ignoreCase: true);
    }

    [Fact]
    public async Task Installing_the_same_serial_again_changes_nothing_and_succeeds()
    {
        var certificate = await fixture.Certificates.IssueAsync("order-again", NginxFixture.ServerName("again"));
        var request = Certificates.Request("o-again", certificate, Site("again"));
        Assert.Equal(InstallOutcome.Installed, (await Target().InstallAsync(request, CancellationToken.None)).Outcome);
        var chainPath = Path.Combine(fixture.Nginx.CertificateDirectory, "again.chain.pem");
        var written = File.GetLastWriteTimeUtc(chainPath);

        var again = await Target().InstallAsync(request, CancellationToken.None);

        Assert.Equal(InstallOutcome.AlreadyInstalled, again.Outcome);
        Assert.True(again.Succeeded);
        Assert.Equal(written, File.GetLastWriteTimeUtc(chainPath));
        Assert.True((await fixture.Verifier.VerifyAsync(new TlsEndpoint(NginxFixture.ServerName("again"), fixture.Nginx.Port), certificate.SerialNumber, null, CancellationToken.None)).Matches);
    }

    [Fact]
    public async Task A_broken_configuration_is_rolled_back_and_the_old_certificate_keeps_serving()
    {
        var target = Target();
        var endpoint = new TlsEndpoint(NginxFixture.ServerName("broken"), fixture.Nginx.Port);
        var old = await fixture.Certificates.IssueAsync("order-broken", endpoint.HostName);
        Assert.True((await target.InstallAsync(Certificates.Request("o-broken", old, Site("broken")), CancellationToken.None)).Succeeded);
        Assert.True((await fixture.Verifier.VerifyAsync(endpoint, old.SerialNumber, null, CancellationToken.None)).Matches);

        var renewal = await fixture.Certificates.IssueAsync("order-broken", endpoint.HostName);
        var include = Path.Combine(fixture.Nginx.IncludeDirectory, "broken.conf");
        await File.WriteAllTextAsync(include, "this_is_not_an_nginx_directive on;\n");
        InstallResult result;
        try
        {
            result = await target.InstallAsync(Certificates.Request("o-broken", renewal, Site("broken")), CancellationToken.None);
        }
        finally
        {
            File.Delete(include);
        }

        Assert.Equal(InstallOutcome.Failed, result.Outcome);
        Assert.Contains("nginx -t failed", result.Detail);
        Assert.Contains("this_is_not_an_nginx_directive", result.Detail);
        Assert.Contains(old.SerialNumber, result.Detail);
        var onDisk = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            await File.ReadAllTextAsync(Path.Combine(fixture.Nginx.CertificateDirectory, "broken.chain.pem")));
        Assert.Equal(old.SerialNumber, onDisk.SerialNumber);
        Assert.Equal(old.SerialNumber, await fixture.OpensslServedSerialAsync(endpoint.HostName, old.SerialNumber), ignoreCase: true);

        // Once the configuration is fixed, the retry installs the renewal.
        var retry = await target.InstallAsync(Certificates.Request("o-broken", renewal, Site("broken")), CancellationToken.None);
        Assert.Equal(InstallOutcome.Installed, retry.Outcome);
        Assert.True((await fixture.Verifier.VerifyAsync(endpoint, renewal.SerialNumber, null, CancellationToken.None)).Matches);
    }

    [Fact]
    public async Task A_failed_reload_is_rolled_back_too()
    {
        var endpoint = new TlsEndpoint(NginxFixture.ServerName("noreload"), fixture.Nginx.Port);
        var old = await fixture.Certificates.IssueAsync("order-noreload", endpoint.HostName);
        Assert.True((await Target().InstallAsync(Certificates.Request("o-noreload", old, Site("noreload")), CancellationToken.None)).Succeeded);
        Assert.True((await fixture.Verifier.VerifyAsync(endpoint, old.SerialNumber, null, CancellationToken.None)).Matches);

        // The same configuration with a pid file no nginx wrote: the check passes, the reload cannot reach a master.
        var config = Path.Combine(fixture.Nginx.Prefix, "nopid.conf");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(fixture.Nginx.ConfigFile)).Replace(fixture.Nginx.PidFile, Path.Combine(fixture.Nginx.Prefix, "nobody.pid")));
        var options = fixture.Options;
        options.ConfigFile = config;
        var renewal = await fixture.Certificates.IssueAsync("order-noreload", endpoint.HostName);

        var result = await new NginxInstallTarget(options, fixture.Certificates.Vault).InstallAsync(Certificates.Request("o-noreload", renewal, Site("noreload")), CancellationToken.None);

        Assert.Equal(InstallOutcome.Failed, result.Outcome);
        Assert.Contains("nginx reload failed, rolled back to serial " + old.SerialNumber, result.Detail);
        Assert.Contains("nobody.pid", result.Detail);
        Assert.Equal(old.SerialNumber, await fixture.OpensslServedSerialAsync(endpoint.HostName, old.SerialNumber), ignoreCase: true);
        var again = await Target().InstallAsync(Certificates.Request("o-noreload", old, Site("noreload")), CancellationToken.None);
        Assert.Equal(InstallOutcome.AlreadyInstalled, again.Outcome);
    }

    [Fact]
    public async Task Key_file_is_owner_only_and_matches_the_certificate()
    {
        var certificate = await fixture.Certificates.IssueAsync("order-keymode", NginxFixture.ServerName("keymode"));

        Assert.True((await Target().InstallAsync(Certificates.Request("o-keymode", certificate, Site("keymode")), CancellationToken.None)).Succeeded);

        var keyPath = Path.Combine(fixture.Nginx.CertificateDirectory, "keymode.key.pem");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        using var pair = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(
            Path.Combine(fixture.Nginx.CertificateDirectory, "keymode.chain.pem"), keyPath);
        Assert.True(pair.HasPrivateKey);
        Assert.Equal(certificate.SerialNumber, pair.SerialNumber);
        Assert.Empty(Directory.EnumerateFiles(fixture.Nginx.CertificateDirectory, "*.tmp"));
    }

    [Fact]
    public async Task A_key_the_vault_will_not_export_is_not_installed_and_the_placeholder_keeps_serving()
    {
        var certificate = await fixture.Certificates.IssueAsync("order-refused", NginxFixture.ServerName("refused"));
        var keys = new Mock<IKeyExport>(MockBehavior.Strict);
        keys.Setup(k => k.ExportAsync("order-refused", It.IsAny<CancellationToken>())).ReturnsAsync((ExportedKeyPair?)null);
        var endpoint = new TlsEndpoint(NginxFixture.ServerName("refused"), fixture.Nginx.Port);
        var before = await fixture.OpensslServedSerialAsync(endpoint.HostName);

        var result = await new NginxInstallTarget(fixture.Options, keys.Object).InstallAsync(Certificates.Request("o-refused", certificate, Site("refused")), CancellationToken.None);

        Assert.Equal(InstallOutcome.Failed, result.Outcome);
        Assert.Contains("does not allow exporting", result.Detail);
        Assert.Equal(before, await fixture.OpensslServedSerialAsync(endpoint.HostName));
    }

    [Fact]
    public async Task The_verifier_reports_the_wrong_serial_when_the_deadline_passes()
    {
        var endpoint = new TlsEndpoint(NginxFixture.ServerName("refused"), fixture.Nginx.Port);

        var check = await fixture.Verifier.VerifyAsync(endpoint, "0123456789ABCDEF", TimeSpan.FromMilliseconds(200), CancellationToken.None);

        Assert.False(check.Matches);
        Assert.NotNull(check.ServedSerial);
        Assert.True(check.Attempts >= 2, $"{check.Attempts} attempts");
        Assert.Contains("not 0123456789ABCDEF", check.Error);
    }
}
