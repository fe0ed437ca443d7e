using SslFlow.Domain.Names;

namespace SslFlow.Domain.Tests.Names;

public class DomainNamesTests
{
    private static readonly DomainNameOptions Wild = new(AllowWildcard: true);

    [Theory]
    [InlineData("WWW.Example.COM.", "www.example.com")]
    [InlineData("  shop.example.co.uk  ", "shop.example.co.uk")]
    [InlineData("bücher.example", null)] // .example is reserved
    [InlineData("Bücher.de", "xn--bcher-kva.de")]
    [InlineData("BÜCHER.de", "xn--bcher-kva.de")]
    [InlineData("xn--bcher-kva.de", "xn--bcher-kva.de")]
    [InlineData("例え.jp", "xn--r8jz45g.jp")]
    [InlineData("a-b.example.com", "a-b.example.com")]
    public void Normalises(string input, string? expected)
    {
        var result = DomainNames.Normalise(input);
        Assert.Equal(expected, result.Name);
        Assert.Equal(expected is not null, result.IsValid);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData(".", "required")]
    [InlineData("192.168.1.1", "IP addresses")]
    [InlineData("2001:db8::1", "IP addresses")]
    [InlineData("[2001:db8::1]", "IP addresses")]
    [InlineData("10.1.2", "IP addresses")]
    [InlineData("localhost", "single-label")]
    [InlineData("intranet", "single-label")]
    [InlineData("printer.local", ".local")]
    [InlineData("db.internal", ".internal")]
    [InlineData("nas.lan", ".lan")]
    [InlineData("router.home.arpa", ".home.arpa")]
    [InlineData("app.localhost", ".localhost")]
    [InlineData("www.example.test", ".test")]
    [InlineData("co.uk", "public suffix")]
    [InlineData("com", "single-label")]
    [InlineData("github.io", "public suffix")]
    [InlineData("example.notatld", "not a known top-level")]
    [InlineData("under_score.example.com", "letters, digits and hyphens")]
    [InlineData("-lead.example.com", "hyphen")]
    [InlineData("trail-.example.com", "hyphen")]
    [InlineData("ab--cd.example.com", "third and fourth")]
    [InlineData("xn--zz.example.com", "not a valid")]
    [InlineData("a..example.com", "empty label")]
    [InlineData("www.*.example.com", "leftmost label")]
    [InlineData("w*.example.com", "leftmost label")]
    [InlineData("*.example.com", "wildcard product")]
    [InlineData("1.2.3.com4", "not a known top-level")]
    public void Refuses_with_a_reason(string input, string? reasonPart)
    {
        var result = DomainNames.Normalise(input);
        Assert.False(result.IsValid);
        if (reasonPart is not null) Assert.Contains(reasonPart, result.Error);
    }

    [Fact]
    public void Label_and_name_length_limits()
    {
        var label63 = new string('a', 63);
        Assert.True(DomainNames.Normalise($"{label63}.example.com").IsValid);
        Assert.Contains("at most 63", DomainNames.Normalise($"{label63}a.example.com").Error);
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 60), 4)) + ".com"; // 244 + 4
        Assert.True(DomainNames.Normalise(longName).IsValid);
        var tooLong = string.Join('.', Enumerable.Repeat(new string('a', 61), 4)) + ".com"; // 248 + 4 = 252? keep adding
        var tooLong2 = "abcd." + tooLong; // 257
        Assert.False(DomainNames.Normalise(tooLong2).IsValid);
    }

    [Fact]
    public void Wildcards_only_with_the_option_and_never_over_a_public_suffix()
    {
        var ok = DomainNames.Normalise("*.Example.com", Wild);
        Assert.True(ok.IsValid);
        Assert.Equal("*.example.com", ok.Name);
        Assert.True(ok.IsWildcard);
        Assert.Equal("example.com", ok.BaseName);
        Assert.Equal("example.com", ok.RegistrableDomain);
        Assert.Contains("public suffix", DomainNames.Normalise("*.co.uk", Wild).Error);
        Assert.Contains("public suffix", DomainNames.Normalise("*.foo.ck", Wild).Error);
        Assert.Contains("public suffix", DomainNames.Normalise("*.com", Wild).Error);
        Assert.Contains("leftmost", DomainNames.Normalise("*.*.example.com", Wild).Error);
    }

    [Fact]
    public void Test_names_need_the_explicit_flag()
    {
        Assert.False(DomainNames.Normalise("www.shop.test").IsValid);
        var allowed = DomainNames.Normalise("www.shop.test", new DomainNameOptions(AllowTestNames: true));
        Assert.True(allowed.IsValid);
        Assert.Equal("shop.test", allowed.RegistrableDomain);
        Assert.False(DomainNames.Normalise("test", new DomainNameOptions(AllowTestNames: true)).IsValid);
        Assert.False(DomainNames.Normalise("printer.local", new DomainNameOptions(AllowTestNames: true)).IsValid);
    }

    [Theory]
    [InlineData("a.example.com", "*.example.com", true)]
    [InlineData("example.com", "*.example.com", false)]
    [InlineData("a.b.example.com", "*.example.com", false)]
    [InlineData("aexample.com", "*.example.com", false)]
    public void Wildcard_covers_one_label(string name, string wildcard, bool covered) =>
        Assert.Equal(covered, DomainNames.IsCoveredBy(name, wildcard));

    [Theory]
    [InlineData("Admin@Example.COM", true, "Admin@example.com")]
    [InlineData("a.b+c@shop.example.co.uk", true, "a.b+c@shop.example.co.uk")]
    [InlineData("no-at.example.com", true, null)]
    [InlineData("a..b@example.com", true, null)]
    [InlineData("a b@example.com", true, null)]
    [InlineData("me@co.uk", true, null)]
    [InlineData("me@mail.example.test", false, "me@mail.example.test")]
    [InlineData("me@localhost", false, null)]
    public void Email_addresses(string input, bool publicDomain, string? expected) =>
        Assert.Equal(expected, EmailAddresses.Normalise(input, publicDomain).Address);
}
