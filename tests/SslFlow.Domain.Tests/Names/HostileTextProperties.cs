using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SslFlow.Domain.Names;
using SslFlow.Domain.Organizations;

namespace SslFlow.Domain.Tests.Names;

/// <summary>
/// Issue 26 item 17, the whole class: a valid domain name, email address or subject text with one hostile character put
/// anywhere (start and end included, where a trim would drop it) is refused, never accepted as the same or another value.
/// The hostile set is every control, format (Cf), line (Zl) and paragraph (Zp) separator, and every space separator (Zs)
/// but U+0020, enumerated from the Unicode tables of the runtime, plus private-use and unpaired surrogates.
/// </summary>
public class HostileTextProperties
{
    private static readonly int[] Hostile = Enumerable.Range(0, 0x110000)
        .Where(v => v is < 0xD800 or > 0xDFFF && Rune.GetUnicodeCategory(new Rune(v)) is System.Globalization.UnicodeCategory.Control
            or System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
            or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.SpaceSeparator)
        .Where(v => v != ' ')
        .Concat([0xE000, 0xF8FF, 0xD800, 0xDC00]) // private use; lone high and low surrogates
        .ToArray();

    private static readonly Gen<string> HostileChar = Gen.Elements(Hostile).Select(v => v is >= 0xD800 and <= 0xDFFF ? ((char)v).ToString() : char.ConvertFromUtf32(v));

    private static Arbitrary<string> Inserted(params string[] valid) =>
        (from text in Gen.Elements(valid)
         from hostile in HostileChar
         from at in Gen.Choose(0, 1000)
         let position = at % 4 == 0 ? 0 : at % 4 == 1 ? text.Length : at % (text.Length + 1)
         select text.Insert(position, hostile)).ToArbitrary();

    [Fact]
    public void The_hostile_set_holds_what_the_issue_names()
    {
        foreach (var v in new[] { 0x2028, 0x2029, 0x00A0, 0x3000, 0x2003, 0x200B, 0x200D, 0x202E, 0xFEFF, 0x0009, 0x000A, 0x0085 }) Assert.Contains(v, Hostile);
        Assert.DoesNotContain(' ', Hostile);
    }

    [Property(MaxTest = 1000)]
    public Property A_domain_name_with_a_hostile_character_is_refused() =>
        Prop.ForAll(Inserted("shop.example.com", "*.example.org", "bücher.example.de", "a-b.co.uk"), input =>
            !DomainNames.Normalise(input, new DomainNameOptions(AllowWildcard: true)).IsValid);

    [Property(MaxTest = 1000)]
    public Property An_email_address_with_a_hostile_character_is_refused() =>
        Prop.ForAll(Inserted("ops@example.com", "anna.rossi+tls@shop.example.it"), input =>
            EmailAddresses.Normalise(input, publicDomain: false).Address is null
            && EmailAddresses.Normalise(input, publicDomain: true).Address is null);

    [Property(MaxTest = 1000)]
    public Property Subject_text_with_a_hostile_character_is_refused_not_dropped_or_taken_as_absent() =>
        Prop.ForAll(Inserted("Rossi Costruzioni S.p.A.", "Milano", "Anna", " "), input =>
        {
            var (value, error) = SubjectText.Normalise(input, SubjectText.OrganizationMax);
            return value is null && error is not null;
        });

    [Theory]
    [InlineData("shop.example.com\u2028")]
    [InlineData("\u2029shop.example.com")]
    [InlineData("shop.example.com\u00A0")]
    [InlineData("\uFEFFshop.example.com")]
    public void A_trailing_or_leading_separator_is_refused_with_its_code_point(string input)
    {
        var result = DomainNames.Normalise(input);
        Assert.False(result.IsValid);
        Assert.Contains("U+", result.Error);
    }
}
