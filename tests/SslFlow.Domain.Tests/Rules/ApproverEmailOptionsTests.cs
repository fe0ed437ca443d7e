using SslFlow.Domain.Rules;

namespace SslFlow.Domain.Tests.Rules;

public class ApproverEmailOptionsTests
{
    private static readonly DateOnly BeforeWhoisBan = new(2025, 7, 14);
    private static readonly DateOnly WhoisBan = new(2025, 7, 15);
    private static readonly DateOnly BeforeWarning = new(2026, 3, 14);
    private static readonly DateOnly Warning = new(2026, 3, 15);
    private static readonly DateOnly BeforeBan = new(2028, 3, 14);
    private static readonly DateOnly Ban = new(2028, 3, 15);

    [Fact]
    public void Offers_the_five_constructed_addresses_at_the_registrable_domain()
    {
        var options = ApproverEmailOptions.For("www.shop.example.co.uk", BeforeWarning);
        Assert.Equal(["admin@example.co.uk", "administrator@example.co.uk", "webmaster@example.co.uk", "hostmaster@example.co.uk", "postmaster@example.co.uk"],
            options.Select(o => o.Address));
        Assert.All(options, o => Assert.Null(o.Warning));
        Assert.Equal("admin@example.com", ApproverEmailOptions.For("*.example.com", BeforeWarning)[0].Address);
    }

    [Fact]
    public void Warns_from_2026_03_15_and_offers_nothing_from_2028_03_15()
    {
        Assert.All(ApproverEmailOptions.For("example.com", Warning), o => Assert.NotNull(o.Warning));
        Assert.All(ApproverEmailOptions.For("example.com", BeforeBan), o => Assert.NotNull(o.Warning));
        Assert.Empty(ApproverEmailOptions.For("example.com", Ban));
        Assert.Empty(ApproverEmailOptions.For("co.uk", BeforeWarning));
    }

    [Fact]
    public void Whois_contact_addresses_are_refused_from_2025_07_15()
    {
        Assert.True(ApproverEmailOptions.Check("owner@gmail.com", "example.com", BeforeWhoisBan).IsAllowed);
        var refused = ApproverEmailOptions.Check("owner@gmail.com", "example.com", WhoisBan);
        Assert.False(refused.IsAllowed);
        Assert.Contains("WHOIS", refused.Error);
        Assert.Contains("admin@example.com", refused.Error);
    }

    [Fact]
    public void Constructed_addresses_pass_then_warn_then_are_refused()
    {
        Assert.Equal(new ApproverEmailCheck(null, null), ApproverEmailOptions.Check("Admin@Example.com", "www.example.com", BeforeWarning));
        var warned = ApproverEmailOptions.Check("admin@example.com", "www.example.com", Warning);
        Assert.True(warned.IsAllowed);
        Assert.NotNull(warned.Warning);
        Assert.True(ApproverEmailOptions.Check("admin@example.com", "example.com", BeforeBan).IsAllowed);
        Assert.False(ApproverEmailOptions.Check("admin@example.com", "example.com", Ban).IsAllowed);
        Assert.False(ApproverEmailOptions.Check("admin@www.example.com", "www.example.com", WhoisBan).IsAllowed);
        Assert.False(ApproverEmailOptions.Check(null, "example.com", WhoisBan).IsAllowed);
    }
}
