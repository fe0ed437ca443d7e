using System.Diagnostics;
using SslFlow.Adapters.Installation;
using SslFlow.DevStack;

namespace SslFlow.Installation.Tests;

/// <summary>One real nginx for the nginx tests, one SNI site per test so no test sees another's certificate.</summary>
public sealed class NginxFixture : IAsyncLifetime
{
    public static readonly string[] SiteNames = ["first", "renewed", "again", "broken", "refused", "keymode", "noreload"];

    public NginxRunner Nginx { get; private set; } = null!;

    public Certificates Certificates { get; } = new();

    public NginxInstallOptions Options => new()
    {
        NginxPath = Nginx.NginxPath,
        ConfigFile = Nginx.ConfigFile,
        Prefix = Nginx.Prefix,
        CertificateDirectory = Nginx.CertificateDirectory,
        ErrorLog = Nginx.ErrorLogPath,
    };

    public TlsEndpointVerifier Verifier { get; } = new(new TlsEndpointVerifierOptions
    {
        ConnectAddress = "127.0.0.1",
        RetryInterval = TimeSpan.FromMilliseconds(50),
        DefaultWithin = TimeSpan.FromSeconds(10),
        AttemptTimeout = TimeSpan.FromSeconds(5),
    });

    public static string ServerName(string site) => $"{site}.install.test";

    public async Task InitializeAsync() =>
        Nginx = await NginxRunner.StartAsync(SiteNames.Select(s => new NginxSite(s, ServerName(s))).ToArray());

    public async Task DisposeAsync()
    {
        await Nginx.DisposeAsync();
        Certificates.Dispose();
    }

    /// <summary>
    /// The serial <c>openssl s_client -servername</c> is served (via <c>openssl x509 -noout -serial</c>). Asked again
    /// (bounded) while it differs from <paramref name="expected"/>: right after a reload an old worker may still take
    /// a connection before it has shut down.
    /// </summary>
    public async Task<string> OpensslServedSerialAsync(string serverName, string? expected = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var served = await OpensslOnceAsync(serverName);
            if (expected is null || string.Equals(served, expected, StringComparison.OrdinalIgnoreCase) || DateTime.UtcNow > deadline) return served;
        }
    }

    private async Task<string> OpensslOnceAsync(string serverName)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"openssl s_client -connect 127.0.0.1:{Nginx.Port} -servername {serverName} </dev/null 2>/dev/null | openssl x509 -noout -serial");
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"openssl failed: {output}{await process.StandardError.ReadToEndAsync()}");
        Assert.StartsWith("serial=", output.Trim());
        return output.Trim()["serial=".Length..];
    }
}
