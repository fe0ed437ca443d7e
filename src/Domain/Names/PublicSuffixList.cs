using System.Globalization;
using System.Reflection;

namespace SslFlow.Domain.Names;

/// <summary>
/// The Public Suffix List algorithm (https://publicsuffix.org/list/): normal, wildcard (<c>*.ck</c>) and exception
/// (<c>!www.ck</c>) rules, ICANN and private sections alike, with the implicit <c>*</c> rule for unlisted TLDs.
/// Rules are held as A-labels so they compare with normalised names. Input names must already be normalised
/// (lower-case A-labels, no trailing dot, no wildcard label).
/// </summary>
public sealed class PublicSuffixList
{
    private const string ResourceName = "SslFlow.Domain.public_suffix_list.dat";
    private static readonly Lazy<PublicSuffixList> Embedded = new(LoadEmbedded);

    private readonly HashSet<string> _rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wildcards = new(StringComparer.Ordinal); // stored without the "*." prefix
    private readonly HashSet<string> _exceptions = new(StringComparer.Ordinal); // stored without the "!" prefix
    private readonly HashSet<string> _topLevel = new(StringComparer.Ordinal);

    private PublicSuffixList() { }

    /// <summary>The shipped copy (embedded resource).</summary>
    public static PublicSuffixList Default => Embedded.Value;

    public int RuleCount => _rules.Count + _wildcards.Count + _exceptions.Count;

    /// <summary>Parses the list's text format: one rule per line, <c>//</c> comments, first whitespace-delimited token.</summary>
    public static PublicSuffixList Parse(TextReader reader)
    {
        var list = new PublicSuffixList();
        var idn = new IdnMapping();
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal)) continue;
            var rule = trimmed.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0].ToLowerInvariant();
            var isException = rule.StartsWith('!');
            if (isException) rule = rule[1..];
            var isWildcard = rule.StartsWith("*.", StringComparison.Ordinal);
            if (isWildcard) rule = rule[2..];
            try
            {
                rule = idn.GetAscii(rule);
            }
            catch (ArgumentException)
            {
                continue; // a rule we cannot express as A-labels cannot match a normalised name
            }
            if (isException) list._exceptions.Add(rule);
            else if (isWildcard) list._wildcards.Add(rule);
            else list._rules.Add(rule);
            list._topLevel.Add(rule[(rule.LastIndexOf('.') + 1)..]);
        }
        return list;
    }

    public static PublicSuffixList Parse(string text) => Parse(new StringReader(text));

    /// <summary>True when the list names this TLD at all (the implicit <c>*</c> rule aside).</summary>
    public bool IsKnownTopLevel(string tld) => _topLevel.Contains(tld);

    /// <summary>The public suffix of a name: the longest matching rule, exceptions first, else the last label.</summary>
    public string PublicSuffix(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var labels = name.Split('.');
        // Longest candidate first: an exception rule is always longer than the wildcard it overrides.
        for (var i = 0; i < labels.Length; i++)
        {
            var suffix = string.Join('.', labels, i, labels.Length - i);
            if (_exceptions.Contains(suffix)) return string.Join('.', labels, i + 1, labels.Length - i - 1);
            if (_rules.Contains(suffix)) return suffix;
            if (i + 1 < labels.Length && _wildcards.Contains(string.Join('.', labels, i + 1, labels.Length - i - 1))) return suffix;
        }
        return labels[^1];
    }

    public bool IsPublicSuffix(string name) => PublicSuffix(name) == name;

    /// <summary>eTLD+1: the public suffix plus one label, or null when the name is itself a public suffix.</summary>
    public string? RegistrableDomain(string name)
    {
        var suffix = PublicSuffix(name);
        if (suffix.Length >= name.Length) return null;
        var head = name[..(name.Length - suffix.Length - 1)];
        var lastLabel = head[(head.LastIndexOf('.') + 1)..];
        return $"{lastLabel}.{suffix}";
    }

    private static PublicSuffixList LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
