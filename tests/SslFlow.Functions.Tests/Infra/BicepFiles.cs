using System.Text.RegularExpressions;

namespace SslFlow.Functions.Tests.Infra;

/// <summary>Just enough Bicep reading for consistency tests: app setting names, module params, multi-line KQL strings.</summary>
internal static partial class BicepFiles
{
    public static string Main => RepoFiles.Read("infra/main.bicep");

    public static string Module(string name) => RepoFiles.Read($"infra/modules/{name}.bicep");

    /// <summary>Every .bicep file under infra/, as a path relative to it ('/'-separated).</summary>
    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(RepoFiles.PathOf("infra"), "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoFiles.PathOf("infra"), f).Replace('\\', '/')).Order();

    public static IEnumerable<string> Modules() =>
        Directory.EnumerateFiles(RepoFiles.PathOf("infra/modules"), "*.bicep").Select(Path.GetFileNameWithoutExtension).Order()!;

    [GeneratedRegex(@"\{\s*name:\s*'(?<name>[^']+)'\s*,\s*value:")]
    private static partial Regex AppSetting();

    /// <summary>App setting names of the function app; <c>${…}</c> parts (e.g. the webhook CA name) become <c>*</c>.</summary>
    public static List<string> AppSettingNames() =>
        AppSetting().Matches(Module("functionapp")).Select(m => Regex.Replace(m.Groups["name"].Value, @"\$\{[^}]+\}", "*")).ToList();

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+\w+\s*$", RegexOptions.Multiline)]
    private static partial Regex RequiredParam();

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+\w+", RegexOptions.Multiline)]
    private static partial Regex AnyParam();

    public static (HashSet<string> Required, HashSet<string> All) Params(string module)
    {
        var text = Module(module);
        return (RequiredParam().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet(),
            AnyParam().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet());
    }

    [GeneratedRegex(@"^module\s+\w+\s+'modules/(?<file>[\w-]+)\.bicep'\s*=\s*\{", RegexOptions.Multiline)]
    private static partial Regex ModuleDeclaration();

    /// <summary>For each module main.bicep uses: the keys of its <c>params: { … }</c> block.</summary>
    public static Dictionary<string, HashSet<string>> ModuleArguments()
    {
        var main = Main;
        var result = new Dictionary<string, HashSet<string>>();
        foreach (Match m in ModuleDeclaration().Matches(main))
        {
            var body = Block(main, m.Index + m.Length - 1);
            var paramsAt = body.IndexOf("params:", StringComparison.Ordinal);
            var block = Block(body, body.IndexOf('{', paramsAt));
            var inner = block[1..^1];
            var keys = new HashSet<string>();
            var depth = 0;
            var token = "";
            foreach (var c in inner)
            {
                if (c is '{' or '[' or '(') depth++;
                if (c is '}' or ']' or ')') depth--;
                if (depth == 0 && c is ':' && Regex.Match(token, @"(\w+)\s*$") is { Success: true } key && Regex.IsMatch(token, @"(^|[\s,{])\w+\s*$"))
                {
                    keys.Add(key.Groups[1].Value);
                }

                token = depth == 0 && c is ',' or '\n' ? "" : token + c;
            }

            result[m.Groups["file"].Value] = keys;
        }

        return result;
    }

    /// <summary>The text of the brace block that opens at <paramref name="open"/>.</summary>
    private static string Block(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            if (text[i] == '}' && --depth == 0) return text[open..(i + 1)];
        }

        throw new InvalidOperationException("Unbalanced braces in Bicep");
    }

    [GeneratedRegex(@"'''(?<body>.*?)'''", RegexOptions.Singleline)]
    private static partial Regex MultiLineString();

    /// <summary>Every KQL query (multi-line string) in alerts.bicep and workbook.bicep.</summary>
    public static List<(string File, string Query)> Queries() =>
        new[] { "alerts", "workbook" }.SelectMany(f => MultiLineString().Matches(Module(f)).Select(m => (f, m.Groups["body"].Value))).ToList();
}
