using System.Text.RegularExpressions;

namespace SslFlow.Functions.Tests.Contracts;

/// <summary>
/// docs/azure.md lists every member of the compile-only contracts with its upstream source, and nothing else; each
/// contract file opens by naming the upstream file it mirrors, the same one the list gives for its types.
/// </summary>
public sealed partial class ContractListTests
{
    [GeneratedRegex(@"^### `(?<type>[^`]+)` — (?<repo>[\w.-]+/[\w.-]+) `(?<path>[^`]+)`\s*$")]
    private static partial Regex TypeHeading();

    [GeneratedRegex(@"^- `(?<member>[^`]+)`\s*$")]
    private static partial Regex MemberLine();

    private static (Dictionary<string, (string Repo, string Path)> Types, List<(string Type, string Member)> Members) Listed()
    {
        var types = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var members = new List<(string, string)>();
        string? current = null;
        var inList = false;
        foreach (var line in RepoFiles.Read("docs/azure.md").Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) inList = line.Contains("Contract members", StringComparison.Ordinal);
            if (!inList) continue;
            if (TypeHeading().Match(line) is { Success: true } h)
            {
                current = h.Groups["type"].Value;
                types.Add(current, (h.Groups["repo"].Value, h.Groups["path"].Value));
            }
            else if (MemberLine().Match(line) is { Success: true } m)
            {
                Assert.True(current is not null, $"'{line}' comes before any type heading");
                members.Add((current!, m.Groups["member"].Value));
            }
        }

        return (types, members);
    }

    [Fact]
    public void Every_contract_member_is_listed_under_its_type_with_an_upstream_source_and_nothing_else()
    {
        var (types, members) = Listed();
        var actual = ContractMembers.Types().SelectMany(ContractMembers.Of).ToHashSet(StringComparer.Ordinal);
        var listed = members.Select(m => m.Member).ToHashSet(StringComparer.Ordinal);

        var missing = actual.Except(listed).Order().ToList();
        var extra = listed.Except(actual).Order().ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"docs/azure.md is out of step with the contracts.\nNot listed:\n{string.Join("\n", missing)}\nListed but not in the contracts:\n{string.Join("\n", extra)}");
        Assert.All(members, m => Assert.StartsWith(m.Type + ".", m.Member, StringComparison.Ordinal));
        Assert.Equal(ContractMembers.Types().Select(ContractMembers.TypeName).Order(StringComparer.Ordinal), types.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_contract_file_names_the_upstream_file_the_list_gives_for_its_types()
    {
        var (types, _) = Listed();
        var files = Directory.EnumerateFiles(RepoFiles.PathOf("src/Functions.Contracts"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: f, Text: File.ReadAllText(f)))
            .ToList();

        foreach (var file in files)
        {
            Assert.True(file.Text.StartsWith("// Mirrors ", StringComparison.Ordinal) || file.Text.StartsWith("// Not upstream", StringComparison.Ordinal),
                $"{file.Path} does not open by naming the upstream file it mirrors");
        }

        foreach (var (type, (repo, path)) in types)
        {
            var simple = type.Split('.').Last().Split('<')[0];
            var declaring = files.Where(f => Regex.IsMatch(f.Text, $@"\b(class|struct|record|enum)\s+{Regex.Escape(simple)}\b")).ToList();
            Assert.True(declaring.Count > 0, $"no contract file declares {type}");
            var header = declaring.Select(f => string.Join(' ', f.Text.Split('\n').TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal)))).ToList();
            Assert.True(header.Any(h => h.Contains(repo, StringComparison.Ordinal) && h.Contains(path, StringComparison.Ordinal)),
                $"{type}: the file declaring it does not name {repo} {path}");
        }
    }
}
