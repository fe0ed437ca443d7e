using System.Globalization;
using System.Text;

namespace SslFlow.Domain.Names;

/// <summary>
/// The characters no name or email address may hold, anywhere (not only inside, where the syntax rules would catch them):
/// controls (tab, CR, LF included), format characters (bidi overrides, zero-width joiners, the BOM), line and paragraph
/// separators, every space separator but U+0020 (no-break, ideographic, en/em spaces), private-use, unassigned and
/// unpaired surrogates. <see cref="string.Trim()"/> would silently drop the leading or trailing ones (U+2028 is white
/// space to .NET), so a name that was sent with them would be accepted as another; they are refused instead.
/// </summary>
public static class HostileText
{
    /// <summary>Null when clean; otherwise the reason, naming the first such character as U+XXXX (never echoed raw).</summary>
    public static string? Find(string? input)
    {
        if (input is null) return null;
        for (var i = 0; i < input.Length; i++)
        {
            if (char.IsSurrogate(input[i]) && !(char.IsHighSurrogate(input[i]) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1])))
                return $"Contains an unpaired surrogate (U+{(int)input[i]:X4}).";
        }
        foreach (var rune in input.EnumerateRunes())
        {
            if (IsHostile(rune)) return $"Contains a control, separator or invisible character (U+{rune.Value:X4}).";
        }
        return null;
    }

    /// <summary>
    /// As <see cref="Find"/>, for a white-space character (other than U+0020) at either end: what <see cref="string.Trim()"/>
    /// would have dropped. Elsewhere a caller's own rules (IDN for names) refuse them with their own words.
    /// </summary>
    public static string? FindAtEnds(string input) =>
        input.Length > 0 && (IsTrimmed(input[0]) || IsTrimmed(input[^1])) ? Find(IsTrimmed(input[0]) ? input[..1] : input[^1..]) : null;

    private static bool IsTrimmed(char c) => c != ' ' && char.IsWhiteSpace(c);

    public static bool IsHostile(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate => true,
        UnicodeCategory.SpaceSeparator => rune.Value != ' ',
        _ => false,
    };

    /// <summary>Only U+0020 is trimmed: anything else that <see cref="string.Trim()"/> removes is refused by <see cref="Find"/> first.</summary>
    public static string TrimSpaces(string input) => input.Trim(' ');
}
