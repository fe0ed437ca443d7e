using SslFlow.DevStack;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// A host as a separate OS process, so a test can kill it (SIGKILL) and start it again on the same state: the service host
/// (<see cref="ServiceHost"/>, the binary deployed outside Functions), or the development host (<see cref="DevHost"/>),
/// which is the service host plus the crash switch (<c>DevHost:CrashAfterActivity</c>) the injected-crash tests set.
/// </summary>
public sealed class HostProcess(Dictionary<string, string?> settings, int apiPort, string assembly = HostProcess.ServiceHost) : IAsyncDisposable
{
    public const string ServiceHost = "SslFlow.LocalHost.dll";

    public const string DevHost = "SslFlow.DevHost.dll";

    private ChildProcess? _process;

    public List<string> Logs { get; } = [];

    public async Task StartAsync(IDictionary<string, string?>? extra = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, assembly);
        var args = new List<string> { dll };
        foreach (var (k, v) in settings.Concat(extra ?? new Dictionary<string, string?>())) args.Add($"--{k}={v}");
        _process = await ChildProcess.StartAsync("localhost", "dotnet", args, apiPort, timeout: TimeSpan.FromSeconds(60));
    }

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>Waits (bounded) for the process to exit on its own, as an injected crash does.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!HasExited)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The host did not crash as injected.");
            await Task.Delay(50); // watching another process
        }
        await StopAsync();
    }

    /// <summary>
    /// SIGTERM, as a service manager stops the host: the host shuts down gracefully. Returns the exit code;
    /// throws when it is still running after <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (_process is null) throw new InvalidOperationException("The host is not running.");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        var deadline = DateTime.UtcNow + timeout;
        while (!_process.HasExited)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The host did not stop within {timeout.TotalSeconds:0} s of SIGTERM.");
            await Task.Delay(50); // watching another process
        }
        var exitCode = _process.ExitCode;
        await StopAsync();
        return exitCode;
    }

    public async Task KillAsync()
    {
        if (_process is null) return;
        await _process.KillAsync();
        await StopAsync();
    }

    private async Task StopAsync()
    {
        if (_process is null) return;
        Logs.Add(_process.ReadAll());
        await _process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
