using SslFlow.Domain.Names;

namespace SslFlow.Domain.Tests.Names;

public class PublicSuffixListTests
{
    private static readonly PublicSuffixList Psl = PublicSuffixList.Default;

    [Fact]
    public void The_shipped_list_loads() => Assert.True(Psl.RuleCount > 5000);

    [Theory]
    [InlineData("co.uk", "co.uk", null)]
    [InlineData("example.co.uk", "co.uk", "example.co.uk")]
    [InlineData("www.example.co.uk", "co.uk", "example.co.uk")]
    [InlineData("com", "com", null)]
    [InlineData("a.b.example.com", "com", "example.com")]
    [InlineData("foo.ck", "foo.ck", null)]              // *.ck
    [InlineData("bar.foo.ck", "foo.ck", "bar.foo.ck")]
    [InlineData("www.ck", "ck", "www.ck")]              // !www.ck
    [InlineData("a.www.ck", "ck", "www.ck")]
    [InlineData("city.kawasaki.jp", "kawasaki.jp", "city.kawasaki.jp")] // !city.kawasaki.jp beats *.kawasaki.jp
    [InlineData("x.kawasaki.jp", "x.kawasaki.jp", null)]
    [InlineData("example.unlisted", "unlisted", "example.unlisted")]   // implicit "*" rule
    [InlineData("github.io", "github.io", null)]                      // private section counts too
    [InlineData("a.foo.github.io", "github.io", "foo.github.io")]
    public void Suffix_and_registrable_domain(string name, string suffix, string? registrable)
    {
        Assert.Equal(suffix, Psl.PublicSuffix(name));
        Assert.Equal(registrable, Psl.RegistrableDomain(name));
        Assert.Equal(registrable is null, Psl.IsPublicSuffix(name));
    }

    [Fact]
    public void Unicode_rules_are_held_as_a_labels()
    {
        // 个人.hk is in the ICANN section; its A-label form must match.
        Assert.True(Psl.IsPublicSuffix("xn--ciqpn.hk"));
        Assert.Equal("example.xn--ciqpn.hk", Psl.RegistrableDomain("www.example.xn--ciqpn.hk"));
    }

    [Fact]
    public void Parses_wildcard_and_exception_rules_from_text()
    {
        var psl = PublicSuffixList.Parse("// comment\n\ncom\n*.platform.com\n!special.platform.com\n");
        Assert.True(psl.IsPublicSuffix("x.platform.com"));
        Assert.Equal("a.x.platform.com", psl.RegistrableDomain("b.a.x.platform.com"));
        Assert.Equal("special.platform.com", psl.RegistrableDomain("www.special.platform.com"));
        Assert.True(psl.IsKnownTopLevel("com"));
        Assert.False(psl.IsKnownTopLevel("org"));
    }
}
