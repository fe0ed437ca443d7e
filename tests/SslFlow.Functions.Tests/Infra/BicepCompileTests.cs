using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SslFlow.Functions.Tests.Infra;

/// <summary>
/// infra/ compiles and lints with no diagnostic at all, with the Bicep CLI the test project restores from NuGet
/// (Azure.Bicep.CommandLine.linux-x64; its folder is written into this assembly as BicepPackageFolder), and
/// infra/bicepconfig.json keeps every rule it names at warning or error.
/// </summary>
public sealed partial class BicepCompileTests(BicepCompileTests.Cli cli) : IClassFixture<BicepCompileTests.Cli>
{
    [Fact]
    public void Every_bicep_file_builds_with_no_diagnostics()
    {
        var build = cli.Build;

        Assert.True(build.ExitCode == 0, $"bicep build exited {build.ExitCode}:\n{build.Output}");
        Assert.True(build.Output.Length == 0, $"bicep build reported:\n{build.Output}");
        foreach (var file in BicepFiles.All())
        {
            Assert.True(File.Exists(Path.Combine(cli.OutDir, Path.ChangeExtension(file, ".json"))), $"no ARM template for infra/{file}");
        }
    }

    [Fact]
    public void Every_bicep_file_lints_with_no_diagnostics()
    {
        var lint = cli.Lint;

        Assert.True(lint.ExitCode == 0, $"bicep lint exited {lint.ExitCode}:\n{lint.Output}");
        Assert.True(lint.Output.Length == 0, $"bicep lint reported {Diagnostic().Count(lint.Output)} diagnostics:\n{lint.Output}");
    }

    [Fact]
    public async Task The_lint_check_sees_a_finding_under_the_projects_config()
    {
        // Guards the two tests above against passing on silence: the same CLI and bicepconfig.json report a finding.
        var dir = Directory.CreateTempSubdirectory("sslflow-bicep-lint-");
        try
        {
            File.Copy(RepoFiles.PathOf("infra/bicepconfig.json"), Path.Combine(dir.FullName, "bicepconfig.json"));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "probe.bicep"), "var unused = 'x'\n");

            var lint = await Cli.RunAsync(cli.Executable, dir.FullName, "lint", "probe.bicep");

            Assert.Contains(Diagnostic().Matches(lint.Output), m => m.Groups["code"].Value == "no-unused-vars" && m.Groups["level"].Value == "Warning");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_linter_config_sets_no_rule_below_warning()
    {
        using var config = JsonDocument.Parse(RepoFiles.Read("infra/bicepconfig.json"), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");

        Assert.True(core.GetProperty("enabled").GetBoolean());
        var rules = core.GetProperty("rules").EnumerateObject().ToList();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            Assert.True(rule.Value.GetProperty("level").GetString() is "warning" or "error", $"{rule.Name} is set to {rule.Value.GetProperty("level")}");
        }

        // The rules that are off by default and that the project turns on.
        var names = rules.Select(r => r.Name).ToHashSet();
        Assert.Contains("use-recent-api-versions", names);
        Assert.Contains("no-module-name", names);
        Assert.Contains("use-user-defined-types", names);
        Assert.Contains("what-if-short-circuiting", names);
    }

    [Fact]
    public void The_function_app_deployment_waits_for_the_role_assignments()
    {
        using var main = JsonDocument.Parse(File.ReadAllText(Path.Combine(cli.OutDir, "main.json")));
        var functionApp = main.RootElement.GetProperty("resources").GetProperty("functionApp");

        Assert.Contains("roles", functionApp.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public void The_deploying_principals_role_takes_its_principal_type_from_azd()
    {
        using var parameters = JsonDocument.Parse(RepoFiles.Read("infra/main.parameters.json"));
        var principalType = parameters.RootElement.GetProperty("parameters").GetProperty("principalType").GetProperty("value").GetString();

        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", principalType);
        Assert.Contains("userPrincipalType: principalType", BicepFiles.Main, StringComparison.Ordinal);
        Assert.Contains("principalType: userPrincipalType", BicepFiles.Module("roles"), StringComparison.Ordinal);
        Assert.DoesNotContain("principalType: 'User'", BicepFiles.Module("roles"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?<file>.+)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[\w-]+): ", RegexOptions.Multiline)]
    private static partial Regex Diagnostic();

    /// <summary>Runs build and lint once for the class (each CLI start costs a few seconds).</summary>
    public sealed class Cli : IAsyncLifetime
    {
        private readonly DirectoryInfo outDir = Directory.CreateTempSubdirectory("sslflow-bicep-");

        public string Executable { get; } = Locate();

        public string OutDir => this.outDir.FullName;

        public (int ExitCode, string Output) Build { get; private set; }

        public (int ExitCode, string Output) Lint { get; private set; }

        public async Task InitializeAsync()
        {
            var infra = RepoFiles.PathOf("infra");
            this.Build = await RunAsync(this.Executable, infra, "build", "--pattern", "**/*.bicep", "--outdir", this.OutDir);
            this.Lint = await RunAsync(this.Executable, infra, "lint", "--pattern", "**/*.bicep");
        }

        public Task DisposeAsync()
        {
            this.outDir.Delete(recursive: true);
            return Task.CompletedTask;
        }

        /// <summary>Runs the CLI; Output is stdout and stderr together, trimmed (the CLI prints nothing on a clean run).</summary>
        public static async Task<(int ExitCode, string Output)> RunAsync(string executable, string workingDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo(executable)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in arguments) start.ArgumentList.Add(a);

            using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 2 minutes");
            }

            return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
        }

        private static string Locate()
        {
            Assert.True(OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64,
                "the Bicep CLI package restored for these tests is Azure.Bicep.CommandLine.linux-x64");
            var folder = typeof(BicepCompileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "BicepPackageFolder")?.Value;
            Assert.False(string.IsNullOrEmpty(folder), "BicepPackageFolder is not set: restore the test project (PackageReference Azure.Bicep.CommandLine.linux-x64)");
            var executable = Path.Combine(folder, "tools", "bicep");
            Assert.True(File.Exists(executable), $"{executable} is missing: restore the test project");

            // NuGet does not promise to keep the execute bit when it extracts a package.
            var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserExecute : File.GetUnixFileMode(executable);
            if (!OperatingSystem.IsWindows() && !mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(executable, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }

            return executable;
        }
    }
}
