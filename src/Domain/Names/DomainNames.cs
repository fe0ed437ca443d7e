using System.Net;

namespace SslFlow.Domain.Names;

/// <summary>
/// Intake rules for DNS names in certificate orders: syntax (LDH, label ≤ 63, name ≤ 253), IDN → A-label, case and
/// trailing dot normalised, IDNA2008 / UTS 46 / UTS 39 rules for internationalised labels (<see cref="InternationalNames"/>), wildcard only as the whole leftmost label, no IP addresses, no internal or single-label
/// names, no public suffixes (and no wildcard directly over one), TLD must be one the Public Suffix List knows.
/// Returns reasons, never throws for bad input.
/// </summary>
public static class DomainNames
{
    public const int MaxNameLength = 253;
    public const int MaxLabelLength = 63;

    /// <summary>Reserved or internal TLDs/zones that no public CA may issue for (RFC 2606, 6761, 6762, 8375, ICANN .internal).</summary>
    public static readonly IReadOnlyList<string> InternalZones =
        ["local", "internal", "lan", "home.arpa", "localhost", "localdomain", "intranet", "corp", "home", "private", "invalid", "example", "onion", "test"];

    /// <summary>Full rules with the shipped Public Suffix List.</summary>
    public static DomainNameResult Normalise(string? input, DomainNameOptions? options = null) =>
        Normalise(input, options ?? DomainNameOptions.Default, PublicSuffixList.Default);

    public static DomainNameResult Normalise(string? input, DomainNameOptions options, PublicSuffixList psl)
    {
        var syntax = NormaliseSyntax(input, options.AllowWildcard);
        if (!syntax.IsValid) return syntax;
        var name = syntax.Name!;
        var baseName = syntax.BaseName!;
        var labels = baseName.Split('.');
        var tld = labels[^1];

        if (labels.Length < 2 && syntax.IsWildcard) return DomainNameResult.Refused($"A wildcard directly under the public suffix (top-level domain) '{baseName}' is not allowed.");
        if (labels.Length < 2) return DomainNameResult.Refused($"'{baseName}' is a single-label name; a public CA can only issue for fully qualified names.");
        if (tld.All(char.IsAsciiDigit)) return DomainNameResult.Refused("The top-level label is numeric; IP addresses and numeric TLDs are not accepted.");

        var allowedTest = options.AllowTestNames && tld == "test";
        if (!allowedTest && InternalZone(baseName) is { } zone)
            return DomainNameResult.Refused($"'.{zone}' is an internal or reserved name; a public CA cannot issue for it.");
        if (!allowedTest && !psl.IsKnownTopLevel(tld))
            return DomainNameResult.Refused($"'.{tld}' is not a known top-level domain.");
        if (psl.IsPublicSuffix(baseName))
            return DomainNameResult.Refused(syntax.IsWildcard
                ? $"A wildcard directly under the public suffix '{baseName}' is not allowed."
                : $"'{baseName}' is a public suffix, not a domain someone can register.");
        return syntax with { RegistrableDomain = psl.RegistrableDomain(baseName) };
    }

    /// <summary>Syntax and normalisation only (no PSL, no internal-name checks); used for email domains too.</summary>
    public static DomainNameResult NormaliseSyntax(string? input, bool allowWildcard)
    {
        if (string.IsNullOrEmpty(input)) return DomainNameResult.Refused("A name is required.");
        var name = HostileText.TrimSpaces(input);
        // Inside a label the IDN rules name such a character; at either end string.Trim() used to drop it (issue 26 item 17).
        if (HostileText.FindAtEnds(name) is { } hostile) return DomainNameResult.Refused(hostile);
        if (name.Length == 0) return DomainNameResult.Refused("A name is required.");
        if (name.EndsWith('.')) name = name[..^1];
        if (name.Length == 0) return DomainNameResult.Refused("A name is required.");
        if (name.StartsWith('[') || IPAddress.TryParse(name, out _) || LooksLikeIpv4(name))
            return DomainNameResult.Refused("IP addresses are not accepted; order a certificate for a domain name.");

        var isWildcard = name.StartsWith("*.", StringComparison.Ordinal);
        var body = isWildcard ? name[2..] : name;
        if (body.Contains('*'))
            return DomainNameResult.Refused("A wildcard is only allowed as the whole leftmost label ('*.example.com').");
        if (isWildcard && !allowWildcard)
            return DomainNameResult.Refused("Wildcard names need a wildcard product.");

        string ascii;
        if (InternationalNames.NeedsProcessing(body))
        {
            var (idn, idnError) = InternationalNames.ToAscii(body);
            if (idnError is not null) return DomainNameResult.Refused(idnError);
            ascii = idn!;
        }
        else ascii = body;
        ascii = ascii.ToLowerInvariant();
        if (SyntaxError(ascii) is { } error) return DomainNameResult.Refused(error);

        var full = isWildcard ? "*." + ascii : ascii;
        if (full.Length > MaxNameLength) return DomainNameResult.Refused($"The name is {full.Length} characters long; at most {MaxNameLength} are allowed.");
        return new DomainNameResult(full, null, isWildcard);
    }

    /// <summary>True when <paramref name="name"/> (normalised) is covered by a wildcard <paramref name="wildcard"/> (one label deep).</summary>
    public static bool IsCoveredBy(string name, string wildcard) =>
        wildcard.StartsWith("*.", StringComparison.Ordinal)
        && name.EndsWith(wildcard[1..], StringComparison.Ordinal)
        && name.Length > wildcard.Length - 1
        && !name[..(name.Length - wildcard.Length + 1)].Contains('.');

    /// <summary>The reserved zone a name falls in, or null.</summary>
    public static string? InternalZone(string name)
    {
        foreach (var zone in InternalZones)
        {
            if (name == zone || name.EndsWith("." + zone, StringComparison.Ordinal)) return zone;
        }
        return null;
    }

    private static string? SyntaxError(string ascii)
    {
        foreach (var label in ascii.Split('.'))
        {
            if (label.Length == 0) return "The name has an empty label (two dots in a row or a leading dot).";
            if (label.Length > MaxLabelLength) return $"The label '{label[..20]}…' is {label.Length} characters long; at most {MaxLabelLength} are allowed.";
            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                    return $"The label '{label}' contains '{c}'; only letters, digits and hyphens are allowed.";
            }
            if (label[0] == '-' || label[^1] == '-') return $"The label '{label}' starts or ends with a hyphen.";
            if (label.Length >= 4 && label[2] == '-' && label[3] == '-' && !label.StartsWith("xn--", StringComparison.Ordinal))
                return $"The label '{label}' has hyphens in the third and fourth positions, which are reserved for IDN labels.";
        }
        return null;
    }

    // All-numeric dotted names ("10.1.2", "1.2.3.4.5") are IPv4 look-alikes browsers may treat as addresses; refuse them as IPs.
    private static bool LooksLikeIpv4(string name) => name.Split('.').All(l => l.Length > 0 && l.All(char.IsAsciiDigit));
}
