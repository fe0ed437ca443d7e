using System.Globalization;
using System.Text;

namespace SslFlow.Domain.Organizations;

/// <summary>
/// Free-text subject fields (organization name, locality, address, person names): trimmed, runs of spaces (U+0020; any
/// other space separator is refused) made one; refused when they hold control, format (bidi overrides), private-use or unassigned characters,
/// exceed the X.520 upper bound (counted in Unicode characters, not bytes), or are only punctuation — BR 7.1.4.3 forbids
/// placeholders such as "." or "-" for an absent value. Not NFC-normalised: the app runs with invariant globalization,
/// where .NET has no Unicode normalization, so decomposed input is kept as given (and each combining mark counts).
/// </summary>
public static class SubjectText
{
    /// <summary>X.520 / RFC 5280 upper bounds used by the CA/B Forum profiles.</summary>
    public const int OrganizationMax = 64, LocalityMax = 128, StateOrProvinceMax = 128, StreetAddressMax = 128, PostalCodeMax = 40,
        CommonNameMax = 64, SerialNumberMax = 64, PersonNameMax = 64, ContactNameMax = 128;

    /// <summary>(null, null) when absent: the caller decides whether the field is required.</summary>
    public static (string? Value, string? Error) Normalise(string? input, int maxLength)
    {
        // Absent only when empty or plain spaces: a field of U+2028 or tabs is refused below, not taken as absent.
        if (input is null || input.All(c => c == ' ')) return (null, null);
        if (input.Length > maxLength * 4 + 64) return (null, $"Longer than {maxLength} characters.");
        var text = input;
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        var hasLetterOrDigit = false;
        foreach (var rune in text.EnumerateRunes())
        {
            // An unpaired surrogate enumerates as U+FFFD: refuse it rather than store a replacement character.
            if (rune == Rune.ReplacementChar) return (null, "Contains invalid Unicode (an unpaired surrogate or U+FFFD).");
            var category = Rune.GetUnicodeCategory(rune);
            switch (category)
            {
                case UnicodeCategory.SpaceSeparator when rune.Value == ' ':
                    pendingSpace = builder.Length > 0;
                    continue;
                case UnicodeCategory.SpaceSeparator:
                    // A no-break, ideographic or en/em space looks like a space and is not one: refused, not folded (issue 26 item 17).
                    return (null, $"Contains a space other than U+0020 (U+{rune.Value:X4}); use a plain space.");
                case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate
                    or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    return (null, $"Contains a control or invisible character (U+{rune.Value:X4}).");
            }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(rune.ToString());
            hasLetterOrDigit |= Rune.IsLetterOrDigit(rune);
        }
        var value = builder.ToString();
        var length = value.EnumerateRunes().Count();
        if (length > maxLength) return (null, $"{length} characters; at most {maxLength} are allowed.");
        if (!hasLetterOrDigit) return (null, "Must contain letters or digits; placeholders such as '.' or '-' are not allowed for an absent value.");
        return (value, null);
    }

    /// <summary>A person's given name or surname: letters (with their marks), spaces, hyphens, apostrophes and dots.</summary>
    public static (string? Value, string? Error) NormalisePersonName(string? input, int maxLength = PersonNameMax)
    {
        var (value, error) = Normalise(input, maxLength);
        if (value is null) return (value, error);
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) || rune.Value is ' ' or '-' or '\'' or '\u2019' or '.') continue;
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark) continue;
            return (null, $"A name may contain letters, spaces, hyphens, apostrophes and dots, not '{rune}'.");
        }
        return (value, null);
    }

    /// <summary>X.680 PrintableString: what serialNumber and country attributes may hold.</summary>
    public static bool IsPrintableString(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || " '()+,-./:=?".Contains(c));

    /// <summary>Postal codes: letters, digits, spaces and hyphens (e.g. "52100", "SW1A 1AA", "00-950").</summary>
    public static (string? Value, string? Error) NormalisePostalCode(string? input)
    {
        var (value, error) = Normalise(input, PostalCodeMax);
        if (value is null) return (value, error);
        return value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-')
            ? (value.ToUpperInvariant(), null)
            : (null, "A postal code may contain only letters, digits, spaces and hyphens.");
    }
}
