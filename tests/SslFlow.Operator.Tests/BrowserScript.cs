using System.Diagnostics;
using System.Text.Json;
using SslFlow.DevStack;
using Xunit.Abstractions;

namespace SslFlow.Operator.Tests;

/// <summary>Runs a Playwright script under <c>Browser/</c> with node against Debian's chromium; shared by the dashboard tests.</summary>
internal static class BrowserScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <summary>Returns the JSON line the script printed last, failing with its output if it failed.</summary>
    public static async Task<JsonElement> RunAsync(string script, Dictionary<string, string> environment, ITestOutputHelper output)
    {
        var chromium = Environment.GetEnvironmentVariable("SSLFLOW_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: run 'bash scripts/setup.sh' (it installs Debian's chromium unless SSLFLOW_BROWSER_TESTS=0).");
        var repo = RepoPaths.Root();
        Assert.True(Directory.Exists(Path.Combine(repo, "node_modules", "playwright-core")), "playwright-core is missing: run 'bash scripts/setup.sh' (npm ci).");

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repo };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Browser", script));
        info.Environment["SSLFLOW_REPO"] = repo;
        info.Environment["SSLFLOW_CHROMIUM"] = chromium;
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} did not finish within {Timeout.TotalMinutes:0} min; stderr: {await stderr}");
        }
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = await stderr;
        if (errors.Length > 0) output.WriteLine(errors);
        Assert.True(lines.Length > 0, $"{script} printed nothing (exit {process.ExitCode}); stderr: {errors}");
        var seen = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.True(process.ExitCode == 0 && seen.GetProperty("ok").GetBoolean(), $"{script} failed: {lines[^1]}\nstderr: {errors}");
        return seen;
    }
}
