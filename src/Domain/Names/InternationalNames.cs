using System.Globalization;
using System.Text;

namespace SslFlow.Domain.Names;

/// <summary>
/// Internationalised names: UTS 46 processing (nontransitional) with the IDNA2008 validity checks (RFC 5891 5.4, CONTEXTJ
/// and CONTEXTO rules of RFC 5892, the bidi rule of RFC 5893), A-labels decoded and checked like U-labels and required to
/// re-encode to themselves, and the spoofing rules a CA should add: no invisible characters (default-ignorable, format,
/// bidi controls; UTS 46 would silently drop several of them, so they are refused before mapping), no private-use or
/// unassigned code points, and every label single-script per UTS 39's "highly restrictive" level. Refusals name the label
/// and the character (U+XXXX and its name).
/// </summary>
public static class InternationalNames
{
    // ICU UScriptCode values.
    private const int Bopomofo = 5, Han = 17, Hangul = 18, Hiragana = 20, Katakana = 22, Latin = 25;

    /// <summary>UTS 39 5.2 highly restrictive: besides one script, these script sets may share a label.</summary>
    private static readonly int[][] AllowedCombinations =
    [
        [Latin, Han, Hiragana, Katakana],
        [Latin, Han, Bopomofo],
        [Latin, Han, Hangul],
    ];

    private const string MixedScriptRule = "A label must use one script, or Latin with Han and Hiragana/Katakana, with Han and Bopomofo, or with Han and Hangul (UTS 39).";

    private static readonly char[] Dots = ['.', '\u3002', '\uFF0E', '\uFF61'];

    /// <summary>True when a name needs IDNA processing: it has a non-ASCII character or an <c>xn--</c> label.</summary>
    public static bool NeedsProcessing(string name) =>
        !name.All(char.IsAscii) || name.Split('.').Any(l => l.StartsWith("xn--", StringComparison.OrdinalIgnoreCase));

    /// <summary>Lower-case A-label form of a name (no wildcard label), or the reason it is refused.</summary>
    public static (string? Ascii, string? Error) ToAscii(string name)
    {
        if (!Icu.IsAvailable) return (null, "Internationalised names cannot be checked on this host (ICU is missing); use the A-label (xn--) form of a plain ASCII name.");
        var rawLabels = name.Split(Dots);
        foreach (var label in rawLabels)
        {
            if (CharacterError(label) is { } error) return (null, error);
        }

        var (ascii, errors) = Icu.NameToAscii(name);
        if (Serious(errors))
        {
            foreach (var label in rawLabels)
            {
                var (_, labelErrors) = Icu.LabelToAscii(label);
                if (Serious(labelErrors)) return (null, Explain(label, labelErrors));
            }
            return (null, (errors & Icu.IdnaErrors.Bidi) != 0
                ? $"The name '{Show(name)}' breaks the bidi rule (RFC 5893): when one label is written right to left, every label must follow the rule."
                : $"The name '{Show(name)}' is not a valid internationalised domain name.");
        }

        ascii = ascii.ToLowerInvariant();
        foreach (var alabel in ascii.Split('.'))
        {
            if (!alabel.StartsWith("xn--", StringComparison.Ordinal)) continue;
            if (ALabelError(alabel) is { } error) return (null, error);
        }
        return (ascii, null);
    }

    /// <summary>The U-label form of a (valid) A-label name, for display and the round-trip property.</summary>
    public static string ToUnicode(string asciiName) =>
        string.Join('.', asciiName.Split('.').Select(l => l.StartsWith("xn--", StringComparison.Ordinal) ? Icu.LabelToUnicode(l).Unicode : l));

    /// <summary>Decodes an A-label, checks the U-label by every rule and requires it to encode back to the same A-label.</summary>
    private static string? ALabelError(string alabel)
    {
        var (ulabel, errors) = Icu.LabelToUnicode(alabel);
        if (errors != Icu.IdnaErrors.None)
            return $"The label '{alabel}' is not a valid A-label: {Reason(errors)}.";
        if (ulabel.All(char.IsAscii))
            return $"The label '{alabel}' is not a valid A-label: it decodes to plain ASCII '{ulabel}'.";
        var (again, againErrors) = Icu.LabelToAscii(ulabel);
        if (againErrors != Icu.IdnaErrors.None || !again.Equals(alabel, StringComparison.OrdinalIgnoreCase))
            return $"The label '{alabel}' is not a valid A-label: it decodes to '{Show(ulabel)}', which encodes as '{again}'.";
        if (!ulabel.IsNormalized(NormalizationForm.FormC))
            return $"The label '{alabel}' decodes to '{Show(ulabel)}', which is not in Unicode normalisation form C.";
        return CharacterError(ulabel, alabel) ?? Idna2008Error(ulabel, alabel) ?? MixedScriptError(ulabel, alabel);
    }

    // RFC 5892 2.6 exceptions: PVALID though their category is not a letter/mark/digit, and DISALLOWED though it is.
    private static readonly HashSet<int> PvalidExceptions = [0x06FD, 0x06FE, 0x0F0B, 0x3007];
    private static readonly HashSet<int> DisallowedExceptions = [0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B];
    // CONTEXTO characters; ICU checks their context (UIDNA_CHECK_CONTEXTO).
    private static readonly HashSet<int> ContextO = [0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB];

    /// <summary>
    /// UTS 46 still accepts symbols and punctuation IDNA2003 allowed (its "NV8" characters: ♥, ☃, ⌘); IDNA2008 admits only
    /// letters, marks and digits (RFC 5892 2.1 LetterDigits) with the listed exceptions and without old Hangul jamo.
    /// </summary>
    private static string? Idna2008Error(string ulabel, string alabel)
    {
        foreach (var rune in ulabel.EnumerateRunes())
        {
            var cp = rune.Value;
            if (cp < 0x80 || PvalidExceptions.Contains(cp) || ContextO.Contains(cp)) continue;
            var letterOrDigit = Icu.CategoryOf(cp) is Icu.LowercaseLetter or Icu.ModifierLetter or Icu.OtherLetter or Icu.NonSpacingMark
                or Icu.SpacingMark or Icu.DecimalDigit;
            var oldHangulJamo = cp is >= 0x1100 and <= 0x11FF or >= 0xA960 and <= 0xA97F or >= 0xD7B0 and <= 0xD7FF;
            if (!letterOrDigit || oldHangulJamo || DisallowedExceptions.Contains(cp))
                return $"The label '{ulabel}' ({alabel}) contains {Icu.Describe(cp)}, which IDNA2008 does not allow in domain names (only letters, marks and digits).";
        }
        return null;
    }

    /// <summary>Invisible, bidi-control, private-use, unassigned, surrogate and control characters, named.</summary>
    private static string? CharacterError(string label, string? alabel = null)
    {
        for (var i = 0; i < label.Length;)
        {
            if (!Rune.TryGetRuneAt(label, i, out var rune))
                return $"The label '{Show(label)}'{Also(alabel)} contains a lone surrogate (U+{(int)label[i]:X4}), which is not a character.";
            i += rune.Utf16SequenceLength;
            var cp = rune.Value;
            if (cp < 0x80) continue;
            var what = Icu.IsBidiControl(cp) ? "a bidirectional control character"
                : Icu.IsDefaultIgnorable(cp) || Icu.CategoryOf(cp) == Icu.Format ? "an invisible character"
                : Icu.CategoryOf(cp) switch
                {
                    Icu.PrivateUse => "a private-use character",
                    Icu.Unassigned => "an unassigned code point",
                    Icu.Control => "a control character",
                    _ => null,
                };
            if (what is not null) return $"The label '{Show(label)}'{Also(alabel)} contains {Icu.Describe(cp)}, {what}; it is not allowed in a domain name.";
        }
        return null;
    }

    /// <summary>UTS 39 highly restrictive, over Script_Extensions; Common and Inherited characters go with any script.</summary>
    private static string? MixedScriptError(string ulabel, string alabel)
    {
        var chars = new List<(int CodePoint, int[] Scripts)>();
        foreach (var rune in ulabel.EnumerateRunes())
        {
            var scripts = Icu.ScriptsOf(rune.Value);
            if (scripts.Length == 0 || scripts.Contains(Icu.ScriptCommon) || scripts.Contains(Icu.ScriptInherited)) continue;
            chars.Add((rune.Value, scripts));
        }
        if (chars.Count == 0) return null;
        IEnumerable<int> common = chars[0].Scripts;
        foreach (var c in chars.Skip(1)) common = common.Intersect(c.Scripts);
        if (common.Any()) return null;
        if (AllowedCombinations.Any(set => chars.All(c => c.Scripts.Any(set.Contains)))) return null;

        // Name the odd one out: the first character outside the script most characters share.
        var main = chars.SelectMany(c => c.Scripts).GroupBy(s => s).OrderByDescending(g => g.Count()).ThenBy(g => chars.FindIndex(c => c.Scripts.Contains(g.Key))).First().Key;
        var odd = chars.First(c => !c.Scripts.Contains(main));
        return $"The label '{ulabel}' ({alabel}) mixes scripts: {Icu.Describe(odd.CodePoint)} ({Icu.ScriptName(odd.Scripts[0])}) among {Icu.ScriptName(main)} characters. {MixedScriptRule}";
    }

    private const Icu.IdnaErrors LengthAndHyphen = Icu.IdnaErrors.EmptyLabel | Icu.IdnaErrors.LabelTooLong | Icu.IdnaErrors.DomainNameTooLong
        | Icu.IdnaErrors.LeadingHyphen | Icu.IdnaErrors.TrailingHyphen | Icu.IdnaErrors.Hyphen34;

    /// <summary>Length and hyphen placement are reported by the LDH checks on the A-labels, with their own wording.</summary>
    private static bool Serious(Icu.IdnaErrors errors) => (errors & ~LengthAndHyphen) != 0;

    private static string Explain(string label, Icu.IdnaErrors errors)
    {
        if ((errors & Icu.IdnaErrors.Disallowed) != 0 && FirstDisallowed(label) is { } cp)
            return $"The label '{Show(label)}' contains {Icu.Describe(cp)}, which IDNA2008 does not allow in domain names.";
        return label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)
            ? $"The label '{Show(label)}' is not a valid A-label: {Reason(errors)}."
            : $"The label '{Show(label)}' is not valid: {Reason(errors)}.";
    }

    private static int? FirstDisallowed(string label)
    {
        foreach (var rune in label.EnumerateRunes())
        {
            if (rune.Value == '-' ) continue;
            if ((Icu.LabelToAscii(rune.ToString()).Errors & Icu.IdnaErrors.Disallowed) != 0) return rune.Value;
        }
        return null;
    }

    private static string Reason(Icu.IdnaErrors errors)
    {
        var reasons = new List<string>();
        if ((errors & Icu.IdnaErrors.Bidi) != 0) reasons.Add("it breaks the bidi rule for right-to-left labels (RFC 5893)");
        if ((errors & Icu.IdnaErrors.ContextJ) != 0) reasons.Add("a zero-width joiner or non-joiner is out of the context IDNA2008 allows (RFC 5892 CONTEXTJ)");
        if ((errors & (Icu.IdnaErrors.ContextOPunctuation | Icu.IdnaErrors.ContextODigits)) != 0) reasons.Add("a character is out of the context IDNA2008 allows (RFC 5892 CONTEXTO)");
        if ((errors & Icu.IdnaErrors.LeadingCombiningMark) != 0) reasons.Add("it starts with a combining mark");
        if ((errors & Icu.IdnaErrors.Disallowed) != 0) reasons.Add("it contains a character IDNA2008 does not allow");
        if ((errors & Icu.IdnaErrors.Punycode) != 0) reasons.Add("its Punycode does not decode");
        if ((errors & Icu.IdnaErrors.InvalidAceLabel) != 0) reasons.Add("the xn-- label does not decode to a valid U-label");
        if ((errors & Icu.IdnaErrors.LabelHasDot) != 0) reasons.Add("it contains a dot");
        if ((errors & LengthAndHyphen) != 0) reasons.Add("a label is empty, too long, or has a misplaced hyphen");
        return reasons.Count == 0 ? "it is not a valid internationalised label" : string.Join("; ", reasons);
    }

    private static string Also(string? alabel) => alabel is null ? "" : $" ({alabel})";

    /// <summary>Echoes a label with invisible and control characters escaped, so a refusal cannot itself spoof.</summary>
    private static string Show(string text)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.Length > 80 ? text[..80] + "…" : text)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                sb.Append($"\\u{(int)ch:X4}");
            else sb.Append(ch);
        }
        return sb.ToString();
    }
}
