using System.Collections.Frozen;
using System.Reflection;

namespace SslFlow.Domain.Organizations;

/// <summary>
/// ISO 3166-1 alpha-2 codes currently assigned (the embedded list; see README.md). Certificates' C and
/// jurisdictionCountryName must be one of them (BR 7.1.4.2.2, EV Guidelines 9.2.4); user-assigned codes (XX, ZZ, QM…)
/// and reserved ones (UK, EU) are refused.
/// </summary>
public static class Countries
{
    private const string ResourceName = "SslFlow.Domain.iso3166-1-alpha2.txt";

    private static readonly Lazy<FrozenDictionary<string, string>> Names = new(Load);

    /// <summary>Code → English short name.</summary>
    public static IReadOnlyDictionary<string, string> All => Names.Value;

    public static bool IsAssigned(string? code) => code is { Length: 2 } && Names.Value.ContainsKey(code);

    public static string? NameOf(string code) => Names.Value.GetValueOrDefault(code);

    /// <summary>Upper-cases and checks a code; the error says why (with a hint for the common mistakes).</summary>
    public static (string? Code, string? Error) Normalise(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return (null, "A country (ISO 3166-1 alpha-2 code, e.g. 'IT') is required.");
        var code = input.Trim().ToUpperInvariant();
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
            return (null, $"'{Shorten(input.Trim())}' is not an ISO 3166-1 alpha-2 code (two letters, e.g. 'IT', 'US').");
        if (IsAssigned(code)) return (code, null);
        return (null, code switch
        {
            "UK" => "'UK' is not an ISO 3166-1 code; the United Kingdom is 'GB'.",
            "EU" => "'EU' is not a country; give the member state's code.",
            _ => $"'{code}' is not an assigned ISO 3166-1 alpha-2 code.",
        });
    }

    private static string Shorten(string s) => s.Length <= 16 ? s : s[..16] + "…";

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t');
            names[line[..tab]] = line[(tab + 1)..];
        }
        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
