using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SslFlow.Domain.Names;

namespace SslFlow.Domain.Tests.Names;

public class InternationalNamesTests
{
    [Theory]
    [InlineData("Bücher.de", "xn--bcher-kva.de")]
    [InlineData("XN--BCHER-KVA.de", "xn--bcher-kva.de")]
    [InlineData("例え.jp", "xn--r8jz45g.jp")]
    [InlineData("ソニーstore.jp", "xn--store-8q4drd9r.jp")] // Latin + Katakana (Japanese)
    [InlineData("日本語テストでｓ.jp", null)] // fullwidth Latin is mapped; see below
    [InlineData("한국abc.kr", "xn--abc-lt8lk11n.kr")] // Latin + Hangul (Korean)
    [InlineData("пример.рф", "xn--e1afmkfd.xn--p1ai")]
    [InlineData("مثال.com", "xn--mgbh0fb.com")] // right to left, follows the bidi rule
    [InlineData("faß.de", "xn--fa-hia.de")] // nontransitional: ß is kept, not mapped to ss
    [InlineData("exam\u3002ple.com", "exam.ple.com")] // ideographic full stop separates labels
    public void Accepts_valid_internationalised_names(string input, string? expected)
    {
        var result = DomainNames.Normalise(input);
        if (expected is null) return; // only checks it does not throw
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Name);
    }

    [Theory]
    [InlineData("pаypal.com", "U+0430 CYRILLIC SMALL LETTER A")] // Cyrillic а among Latin
    [InlineData("pаypal.com", "mixes scripts")]
    [InlineData("αpple.com", "U+03B1 GREEK SMALL LETTER ALPHA")]
    [InlineData("xn--pypal-4ve.com", "mixes scripts")] // the same spoof given as an A-label
    [InlineData("exa\u200Bmple.com", "U+200B ZERO WIDTH SPACE, an invisible character")]
    [InlineData("exa\u00ADmple.com", "U+00AD SOFT HYPHEN")]
    [InlineData("exa\u2060mple.com", "U+2060 WORD JOINER")]
    [InlineData("exa\u200Dmple.com", "U+200D ZERO WIDTH JOINER")]
    [InlineData("exa\u202Emple.com", "U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control character")]
    [InlineData("exa\u200Fmple.com", "U+200F RIGHT-TO-LEFT MARK")]
    [InlineData("\uE000abc.com", "U+E000 (private use), a private-use character")]
    [InlineData("abc\u0378.com", "U+0378 (unassigned), an unassigned code point")]
    [InlineData("i\u2665nyc.com", "U+2665 BLACK HEART SUIT, which IDNA2008 does not allow")]
    [InlineData("xn--g6h.com", "U+2665 BLACK HEART SUIT")] // ♥ as an A-label
    [InlineData("a\u3031b.jp", "IDNA2008 does not allow")] // RFC 5892 DISALLOWED exception
    [InlineData("xn--abc.com", "not a valid A-label")]
    [InlineData("xn--example-.com", "not a valid A-label")] // decodes to ASCII
    [InlineData("xn--zz-zzzzz.com", "IDNA2008 does not allow")] // decodes to math symbols
    [InlineData("مثالa.com", "bidi rule")] // RTL label ending in a Latin letter
    [InlineData("1مثال.com", "bidi rule")] // RTL label starting with a European digit
    [InlineData("\u0301abc.com", "combining mark")]
    public void Refuses_hostile_names_and_says_which_character(string input, string expected)
    {
        var result = DomainNames.Normalise(input);
        Assert.False(result.IsValid, $"accepted as {result.Name}");
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void Refuses_a_lone_surrogate() => Assert.Contains("lone surrogate", DomainNames.Normalise("a" + '\uD800' + "b.com").Error);

    [Fact]
    public void Refusals_escape_invisible_characters_instead_of_echoing_them()
    {
        var result = DomainNames.Normalise("exa\u202Emple.com");
        Assert.Contains("exa\\u202Emple", result.Error);
        Assert.DoesNotContain('\u202E', result.Error!);
    }

    [Theory]
    [InlineData("日本語とカタカナ.jp")] // Han + Hiragana + Katakana
    [InlineData("中文注音ㄅ.tw")] // Han + Bopomofo
    [InlineData("한국漢字.kr")] // Hangul + Han
    [InlineData("café-123.fr")] // Latin with digits and a hyphen (Common)
    public void Allows_the_uts39_script_combinations(string input) =>
        Assert.True(DomainNames.Normalise(input).IsValid, DomainNames.Normalise(input).Error);

    [Theory]
    [InlineData("한국ひらがな.kr")] // Hangul + Hiragana is not an allowed combination
    [InlineData("ελληνικάпривет.com")] // Greek + Cyrillic
    public void Refuses_other_script_mixes(string input) =>
        Assert.Contains("mixes scripts", DomainNames.Normalise(input).Error);

    // Letters of several scripts, digits, hyphens, combining marks and some hostile characters; names are built so most
    // are single-script and valid, and the property checks whatever is accepted.
    private static readonly string[] Alphabets =
    [
        "abcdefghijklmnopqrstuvwxyzäöüßéèçñ",
        "абвгдежзийклмнопрстуфхцчшщыэюяё",
        "αβγδεζηθικλμνξοπρστυφχψως",
        "日本語漢字中文東京大阪",
        "ひらがなカタカナテスト",
        "한국어서울부산",
        "مثالعربيةكتب",
        "שלוםעברית",
        "हिन्दीभारत",
        "ไทยภาษา",
    ];

    private static readonly Gen<string> UnicodeLabel =
        from alphabet in Gen.Elements(Alphabets)
        from second in Gen.Elements(Alphabets)
        from mix in Gen.Elements(false, false, false, true)
        from length in Gen.Choose(1, 12)
        from chars in Gen.ArrayOf(Gen.Elements((alphabet + (mix ? second : "") + "0123-").ToCharArray()), length)
        from hostile in Gen.Elements("", "", "", "", "\u200B", "\u202E", "\uE000", "\u0301", "\u2665", "A", "Ä", "\uFF21")
        from at in Gen.Choose(0, length)
        select new string(chars).Insert(at, hostile);

    private static readonly Arbitrary<string> UnicodeNames =
        (from count in Gen.Choose(1, 3)
         from labels in Gen.ArrayOf(UnicodeLabel, count)
         from tld in Gen.Elements("com", "de", "jp", "xn--p1ai", "рф")
         select string.Join('.', labels) + "." + tld).ToArbitrary();

    [Property(MaxTest = 400)]
    public Property Accepted_names_round_trip_and_are_stable_under_renormalisation() => Prop.ForAll(UnicodeNames, input =>
    {
        var once = DomainNames.Normalise(input);
        if (!once.IsValid) return !string.IsNullOrEmpty(once.Error);
        var ascii = once.Name!;
        var unicode = InternationalNames.ToUnicode(ascii);
        var fromUnicode = DomainNames.Normalise(unicode); // U-label → A-label again
        var fromNfc = DomainNames.Normalise(input.Normalize(NormalizationForm.FormC));
        var twice = DomainNames.Normalise(ascii); // A-labels decoded, checked, re-encoded
        return ascii.All(char.IsAscii)
            && unicode.IsNormalized(NormalizationForm.FormC)
            && fromUnicode.Name == ascii
            && fromNfc.Name == ascii
            && twice.Name == ascii
            && InternationalNames.ToUnicode(twice.Name!) == unicode;
    });
}
