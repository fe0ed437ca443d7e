using Microsoft.DurableTask;
using System.Reflection;
using System.Text.RegularExpressions;
using SslFlow.Workflow.Catalog;

namespace SslFlow.Workflow.Tests;

/// <summary>
/// Orchestration code must not read the clock, make GUIDs, wait on real time or do I/O: replay would diverge.
/// This scans the orchestration sources and types, so a violation fails the build's tests, not production.
/// </summary>
public sealed class DeterminismRulesTests
{
    private static readonly (Regex Pattern, string Use)[] Forbidden =
    [
        (new(@"\bDateTime(Offset)?\.(Utc)?Now\b"), "context.CurrentUtcDateTime"),
        (new(@"\bGuid\.NewGuid\b"), "context.NewGuid()"),
        (new(@"\bTask\.(Delay|Run)\b|\bThread\.Sleep\b"), "context.CreateTimer / an activity"),
        (new(@"\bnew Random\b|\bRandom\.Shared\b"), "a value derived from context.NewGuid()"),
        (new(@"\bHttpClient\b|\bFile\.|\bDirectory\.|\bEnvironment\.Get"), "an activity (no I/O in orchestrations)"),
        (new(@"\bILogger\b"), "no injected loggers in orchestrations"),
        (new(@"\bTimeProvider\b|\bStopwatch\b"), "context.CurrentUtcDateTime"),
    ];

    [Fact]
    public void Orchestration_sources_use_only_the_context_for_time_ids_and_waiting()
    {
        var folder = Path.Combine(RepoRoot(), "src", "Workflow", "Orchestrations");
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].Split("//")[0];
                foreach (var (pattern, use) in Forbidden)
                {
                    if (pattern.IsMatch(code)) violations.Add($"{Path.GetFileName(file)}:{i + 1}: '{pattern.Match(code).Value}' — use {use}");
                }
            }
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Orchestrations_take_no_injected_services()
    {
        var types = typeof(WorkflowCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(ITaskOrchestrator).IsAssignableFrom(t))
            .ToList();
        Assert.NotEmpty(types);
        foreach (var type in types)
        {
            Assert.True(type.GetConstructor(Type.EmptyTypes) is not null, $"{type.Name} must have a parameterless constructor (no injected loggers or clients)");
            Assert.Empty(type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public));
        }
    }

    [Fact]
    public void The_source_scan_catches_a_clock_read()
    {
        Assert.Contains(Forbidden, f => f.Pattern.IsMatch("var t = DateTime.UtcNow;"));
        Assert.Contains(Forbidden, f => f.Pattern.IsMatch("var id = Guid.NewGuid();"));
        Assert.DoesNotContain(Forbidden, f => f.Pattern.IsMatch("var t = context.CurrentUtcDateTime;"));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SslFlow.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("SslFlow.sln not found above the test binaries.");
    }
}
