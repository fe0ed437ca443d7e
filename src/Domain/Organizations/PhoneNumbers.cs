using System.Collections.Frozen;

namespace SslFlow.Domain.Organizations;

/// <summary>
/// E.164 phone numbers: '+', a country calling code assigned by the ITU (E.164 Annex, codes are prefix-free so the
/// first one to match is the code), then the national number; at most 15 digits in all. Spaces, dots, hyphens and
/// parentheses are accepted as separators and dropped ("+39 0575 05077" → "+39057505077"). The national part must have
/// at least 4 digits (the shortest numbering plans, e.g. Niue +683, have 4).
/// </summary>
public static class PhoneNumbers
{
    public const int MaxDigits = 15;
    public const int MinNationalDigits = 4;

    // ITU-T E.164 assigned country calling codes (geographic, global services and networks), as of 2024.
    private static readonly FrozenSet<string> CallingCodes = new[]
    {
        "1", "7",
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
        "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
        "211", "212", "213", "216", "218", "220", "221", "222", "223", "224", "225", "226", "227", "228", "229",
        "230", "231", "232", "233", "234", "235", "236", "237", "238", "239", "240", "241", "242", "243", "244",
        "245", "246", "247", "248", "249", "250", "251", "252", "253", "254", "255", "256", "257", "258",
        "260", "261", "262", "263", "264", "265", "266", "267", "268", "269", "290", "291", "297", "298", "299",
        "350", "351", "352", "353", "354", "355", "356", "357", "358", "359",
        "370", "371", "372", "373", "374", "375", "376", "377", "378", "379", "380", "381", "382", "383",
        "385", "386", "387", "388", "389",
        "420", "421", "423",
        "500", "501", "502", "503", "504", "505", "506", "507", "508", "509",
        "590", "591", "592", "593", "594", "595", "596", "597", "598", "599",
        "670", "672", "673", "674", "675", "676", "677", "678", "679", "680", "681", "682", "683", "685", "686",
        "687", "688", "689", "690", "691", "692",
        "800", "808", "850", "852", "853", "855", "856", "870", "878", "880", "881", "882", "883", "886", "888",
        "960", "961", "962", "963", "964", "965", "966", "967", "968", "970", "971", "972", "973", "974", "975",
        "976", "977", "979", "992", "993", "994", "995", "996", "998",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The country calling code a normalised number starts with, or null.</summary>
    public static string? CallingCodeOf(string e164)
    {
        var digits = e164.StartsWith('+') ? e164[1..] : e164;
        for (var length = 1; length <= 3 && length <= digits.Length; length++)
        {
            if (CallingCodes.Contains(digits[..length])) return digits[..length];
        }
        return null;
    }

    public static (string? Number, string? Error) Normalise(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return (null, "A phone number in international format (e.g. '+39 0575 05077') is required.");
        var text = input.Trim();
        if (text.Length > 32) return (null, "The phone number is longer than 32 characters.");
        if (!text.StartsWith('+')) return (null, "The phone number must be in international E.164 format, starting with '+' and the country calling code.");
        var digits = new char[text.Length];
        var count = 0;
        foreach (var c in text.AsSpan(1))
        {
            if (char.IsAsciiDigit(c)) digits[count++] = c;
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
                return (null, "The phone number may only contain '+', digits and the separators space, '-', '.', '(' and ')'.");
        }
        if (count == 0) return (null, "The phone number has no digits.");
        if (count > MaxDigits) return (null, $"The phone number has {count} digits; E.164 allows at most {MaxDigits}.");
        var number = "+" + new string(digits, 0, count);
        if (CallingCodeOf(number) is not { } code)
            return (null, $"'{number}' does not start with an assigned country calling code.");
        if (count - code.Length < MinNationalDigits)
            return (null, $"'{number}' is too short: country code +{code} needs a national number of at least {MinNationalDigits} digits.");
        return (number, null);
    }
}
