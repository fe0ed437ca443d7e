using System.Xml.Linq;

namespace SslFlow.Architecture.Tests;

/// <summary>
/// The project graph is the allowed list (allowed-references.txt beside this file): every ProjectReference of every
/// project under src/ and tests/ is an arrow "From -> To", and each must be listed, so an arrow pointing the wrong way
/// fails the build's tests instead of being found in a review.
/// </summary>
public sealed class ProjectGraphTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SslFlow.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No SslFlow.sln above {AppContext.BaseDirectory}.");
    }

    private static string ShortName(string projectPath) =>
        Path.GetFileNameWithoutExtension(projectPath) is var n && n.StartsWith("SslFlow.", StringComparison.Ordinal) ? n["SslFlow.".Length..] : Path.GetFileNameWithoutExtension(projectPath);

    private static IEnumerable<string> ProjectFiles() =>
        new[] { "src", "tests" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

    private static IReadOnlySet<string> Arrows() =>
        ProjectFiles().SelectMany(p => XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => $"{ShortName(p)} -> {ShortName(r.Attribute("Include")!.Value.Replace('\\', '/'))}"))
            .ToHashSet(StringComparer.Ordinal);

    private static IReadOnlySet<string> Allowed() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "allowed-references.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_graph_has_projects_to_check()
    {
        Assert.Contains("Contracts -> Domain", Arrows());
        Assert.True(ProjectFiles().Count() > 20);
    }

    [Fact]
    public void Every_project_reference_is_an_allowed_arrow()
    {
        var unlisted = Arrows().Except(Allowed()).Order().ToList();
        Assert.True(unlisted.Count == 0, "Arrows not in allowed-references.txt: " + string.Join(", ", unlisted));
    }

    [Fact]
    public void Every_allowed_arrow_still_exists_so_the_list_stays_the_graph()
    {
        var stale = Allowed().Except(Arrows()).Order().ToList();
        Assert.True(stale.Count == 0, "Lines of allowed-references.txt no project has: " + string.Join(", ", stale));
    }

    [Fact]
    public void Contracts_has_no_durable_aspnet_or_azure_dependency()
    {
        var project = XDocument.Load(Path.Combine(Root, "src", "Contracts", "SslFlow.Contracts.csproj"));
        var packages = project.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToList();
        var frameworks = project.Descendants("FrameworkReference").Select(r => r.Attribute("Include")!.Value).ToList();

        Assert.DoesNotContain(packages, p => p.StartsWith("Microsoft.DurableTask", StringComparison.OrdinalIgnoreCase)
            || p.StartsWith("Microsoft.Azure.DurableTask", StringComparison.OrdinalIgnoreCase)
            || p.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase)
            || p.StartsWith("Azure.", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(frameworks, f => f.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["Domain"], project.Descendants("ProjectReference").Select(r => ShortName(r.Attribute("Include")!.Value)));
    }
}
