using System.Text.RegularExpressions;
using System.Xml.Linq;
using SslFlow.DevStack;

namespace SslFlow.Acme.Tests.SandboxCa;

/// <summary>
/// The simulated CA shares no code with the product (issue 23): no project reference and no product namespace, so a
/// misunderstanding of a contract on the product side cannot be copied into the CA and is caught on the wire.
/// </summary>
public class SandboxIndependenceTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root(), "src", "SandboxCa");

    [Fact]
    public void The_sandbox_project_references_no_other_project()
    {
        var project = XDocument.Load(Path.Combine(Folder, "SslFlow.SandboxCa.csproj"));
        Assert.Empty(project.Descendants().Where(e => e.Name.LocalName == "ProjectReference").Select(e => (string?)e.Attribute("Include")));
    }

    [Fact]
    public void The_sandbox_sources_name_no_product_namespace()
    {
        var product = new Regex(@"\bSslFlow\.(?!SandboxCa\b)[A-Z]\w*", RegexOptions.CultureInvariant);
        var found = Directory.EnumerateFiles(Folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && product.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.Empty(found);
    }
}
