using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Contracts.Concurrency;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Vault;

namespace SslFlow.Adapters.Installation;

/// <summary>
/// Installs on a local nginx: writes <c>{site}.chain.pem</c> and <c>{site}.key.pem</c> (0600) atomically, checks the
/// configuration (<c>nginx -t</c>), reloads (<c>nginx -s reload</c>) and, when either fails, puts the previous files back
/// so the running and the next nginx keep the old certificate. <c>{site}.installed</c> records the serial after a
/// successful reload: a re-run with that serial (and the same chain on disk) changes nothing. A crash between the
/// write and the reload leaves the old serial there, so the re-run installs and reloads again.
/// </summary>
public sealed partial class NginxInstallTarget(NginxInstallOptions options, IKeyExport keys, ILogger<NginxInstallTarget>? logger = null) : IInstallTarget
{
    // One install per site at a time in this process (two orders for one site, or a retry overlapping a slow run).
    private static readonly KeyedLock SiteLocks = new();
    private readonly ILogger _logger = logger ?? NullLogger<NginxInstallTarget>.Instance;

    public string Kind => InstallTargetKinds.Nginx;

    public async Task<InstallResult> InstallAsync(InstallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Target is not NginxTarget target)
        {
            throw new ArgumentException($"Expected an {nameof(NginxTarget)}, got {request.Target.GetType().Name}.", nameof(request));
        }

        var verifyAt = target.VerifyAt;
        if (!SiteNamePattern().IsMatch(target.SiteName))
        {
            return InstallResult.Failed($"nginx site name '{target.SiteName}' is not a plain file name (letters, digits, '.', '-', '_').", verifyAt);
        }

        Directory.CreateDirectory(options.CertificateDirectory);
        var chainPath = Path.Combine(options.CertificateDirectory, target.SiteName + ".chain.pem");
        var keyPath = Path.Combine(options.CertificateDirectory, target.SiteName + ".key.pem");
        var markerPath = Path.Combine(options.CertificateDirectory, target.SiteName + ".installed");

        using var _ = await SiteLocks.AcquireAsync(chainPath, cancellationToken).ConfigureAwait(false);

        if (IsInstalled(chainPath, keyPath, markerPath, request.SerialNumber))
        {
            return new InstallResult(InstallOutcome.AlreadyInstalled, $"Serial {request.SerialNumber} is already installed on nginx site {target.SiteName}.", verifyAt);
        }

        using var pair = await keys.ExportAsync(request.CertificateName, cancellationToken).ConfigureAwait(false);
        if (pair is null)
        {
            return InstallResult.Failed($"The vault does not allow exporting the key of '{request.CertificateName}' (or holds no certificate): nginx needs key files.", verifyAt);
        }

        using (var leaf = X509CertificateLoader.LoadCertificate(pair.ChainDer[0]))
        {
            if (!SameSerial(leaf.SerialNumber, request.SerialNumber))
            {
                return InstallResult.Failed($"The vault's current certificate '{request.CertificateName}' has serial {leaf.SerialNumber}, not {request.SerialNumber}.", verifyAt);
            }
        }

        var previousChain = File.Exists(chainPath) ? await File.ReadAllBytesAsync(chainPath, cancellationToken).ConfigureAwait(false) : null;
        var previousKey = File.Exists(keyPath) ? await File.ReadAllBytesAsync(keyPath, cancellationToken).ConfigureAwait(false) : null;
        var previousSerial = previousChain is null ? null : LeafSerial(previousChain);

        var keyPem = Encoding.ASCII.GetBytes(PemEncoding.WriteString("PRIVATE KEY", pair.PrivateKeyPkcs8) + "\n");
        try
        {
            // The key first: nginx never reads a new chain next to the old key (a check in between would fail).
            await WriteAtomicAsync(keyPath, keyPem, cancellationToken).ConfigureAwait(false);
            await WriteAtomicAsync(chainPath, ChainPem(pair.ChainDer), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyPem);
        }

        var check = await RunNginxAsync(["-t"], cancellationToken).ConfigureAwait(false);
        if (check.ExitCode != 0)
        {
            await RollBackAsync(chainPath, keyPath, previousChain, previousKey).ConfigureAwait(false);
            _logger.LogWarning("nginx: configuration check failed for site {Site}; rolled back to serial {Serial}: {Output}", target.SiteName, previousSerial, check.Output);
            return InstallResult.Failed($"nginx -t failed, rolled back to {Describe(previousSerial)}: {check.Output}", verifyAt);
        }

        var reload = await RunNginxAsync(["-s", "reload"], cancellationToken).ConfigureAwait(false);
        if (reload.ExitCode != 0)
        {
            await RollBackAsync(chainPath, keyPath, previousChain, previousKey).ConfigureAwait(false);
            _logger.LogWarning("nginx: reload failed for site {Site}; rolled back to serial {Serial}: {Output}", target.SiteName, previousSerial, reload.Output);
            return InstallResult.Failed($"nginx reload failed, rolled back to {Describe(previousSerial)}: {reload.Output}", verifyAt);
        }

        await WriteAtomicAsync(markerPath, Encoding.ASCII.GetBytes(request.SerialNumber), cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("nginx: installed serial {Serial} on site {Site} and reloaded", request.SerialNumber, target.SiteName);
        return new InstallResult(InstallOutcome.Installed, $"Serial {request.SerialNumber} installed on nginx site {target.SiteName} (replacing {Describe(previousSerial)}); nginx reloaded.", verifyAt);
    }

    private static bool IsInstalled(string chainPath, string keyPath, string markerPath, string serial)
    {
        if (!File.Exists(markerPath) || !File.Exists(chainPath) || !File.Exists(keyPath))
        {
            return false;
        }

        return SameSerial(File.ReadAllText(markerPath).Trim(), serial) && LeafSerial(File.ReadAllBytes(chainPath)) is { } onDisk && SameSerial(onDisk, serial);
    }

    // Not cancellable: half a rollback is worse than a late one.
    private static async Task RollBackAsync(string chainPath, string keyPath, byte[]? previousChain, byte[]? previousKey)
    {
        if (previousChain is not null && previousKey is not null)
        {
            await WriteAtomicAsync(keyPath, previousKey, CancellationToken.None).ConfigureAwait(false);
            await WriteAtomicAsync(chainPath, previousChain, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            // First install: there was nothing before; leave no half-installed files behind.
            File.Delete(chainPath);
            File.Delete(keyPath);
        }
    }

    private async Task<(int ExitCode, string Output)> RunNginxAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(options.NginxPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (options.Prefix is { Length: > 0 } prefix)
        {
            info.ArgumentList.Add("-p");
            info.ArgumentList.Add(prefix);
        }

        if (options.ErrorLog is { Length: > 0 } errorLog)
        {
            info.ArgumentList.Add("-e");
            info.ArgumentList.Add(errorLog);
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(options.ConfigFile);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process? started;
        try
        {
            started = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // A missing or unrunnable binary is a failed check like any other: the caller rolls the files back.
            return (-1, $"could not run {options.NginxPath}: {e.Message}");
        }

        using var process = started ?? throw new InvalidOperationException($"Could not start {options.NginxPath}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"nginx {string.Join(' ', arguments)} did not finish within {options.CommandTimeout.TotalSeconds:0} s");
        }

        var output = ((await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false))).Trim();
        return (process.ExitCode, output);
    }

    private static async Task WriteAtomicAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only from creation: the key is never readable by others, not even for a moment.
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temp, fileOptions))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static byte[] ChainPem(IReadOnlyList<byte[]> chainDer)
    {
        var pem = new StringBuilder();
        foreach (var der in chainDer)
        {
            pem.Append(PemEncoding.WriteString("CERTIFICATE", der)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(pem.ToString());
    }

    private static string? LeafSerial(byte[] chainPem)
    {
        try
        {
            using var leaf = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(chainPem));
            return leaf.SerialNumber;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    internal static bool SameSerial(string a, string b) =>
        string.Equals(a.TrimStart('0'), b.TrimStart('0'), StringComparison.OrdinalIgnoreCase);

    private static string Describe(string? serial) => serial is null ? "no certificate" : $"serial {serial}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SiteNamePattern();
}
