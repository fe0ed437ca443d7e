using System.Diagnostics;
using SslFlow.DevStack;

namespace SslFlow.Caas.Tests;

/// <summary>
/// Debian's <c>lego</c> (4.9) as a customer's ACME client: registers an account at Pebble with the EAB credentials and
/// obtains a certificate over http-01 on the port Pebble dials (challtestsrv resolves every name to 127.0.0.1).
/// lego 4.9 takes the HMAC key only as an argument (no environment variable), so it is visible in this test machine's
/// process list while lego runs; that is the client's choice, not SslFlow's.
/// </summary>
public static class Lego
{
    public sealed record Result(int ExitCode, string Output, string CertificatePath);

    public static async Task<Result> RunAsync(PebbleRunner pebble, Uri directory, string keyId, string hmacKey, string domain, string workDirectory)
    {
        var path = Directory.CreateDirectory(Path.Combine(workDirectory, "lego-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var info = new ProcessStartInfo("lego")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--server", directory.ToString(), "--accept-tos", "--email", "caas-customer@example.test",
                     "--eab", "--kid", keyId, "--hmac", hmacKey,
                     "--domains", domain, "--http", "--http.port", $"127.0.0.1:{pebble.Http01Port}", "--path", path, "run",
                 })
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["LEGO_CA_CERTIFICATES"] = pebble.TlsCertificatePath; // trust exactly Pebble's TLS certificate
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start lego.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lego did not finish within 60 s:\n{await stderr}");
        }
        return new Result(process.ExitCode, await stdout + await stderr, Path.Combine(path, "certificates", domain + ".crt"));
    }
}
