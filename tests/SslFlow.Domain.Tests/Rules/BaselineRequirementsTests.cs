using SslFlow.Domain.Rules;

namespace SslFlow.Domain.Tests.Rules;

public class BaselineRequirementsTests
{
    [Theory]
    [InlineData("2025-01-01", 398, 398, 825)]
    [InlineData("2026-03-14", 398, 398, 825)]
    [InlineData("2026-03-15", 200, 200, 398)]
    [InlineData("2027-03-14", 200, 200, 398)]
    [InlineData("2027-03-15", 100, 100, 398)]
    [InlineData("2029-03-14", 100, 100, 398)]
    [InlineData("2029-03-15", 47, 10, 398)]
    [InlineData("2035-01-01", 47, 10, 398)]
    public void Limits_by_issuance_date(string day, int validity, int dcvReuse, int identityReuse)
    {
        var on = DateOnly.Parse(day);
        Assert.Equal(validity, BaselineRequirements.MaxValidityDays(on));
        Assert.Equal(dcvReuse, BaselineRequirements.DcvReuseDays(on));
        Assert.Equal(identityReuse, BaselineRequirements.IdentityReuseDays(on));
    }

    [Fact]
    public void Dcv_reuse_boundary_is_inclusive()
    {
        var issue = new DateOnly(2029, 6, 1); // 10-day reuse
        Assert.True(BaselineRequirements.IsDcvReusable(issue.AddDays(-10), issue));
        Assert.False(BaselineRequirements.IsDcvReusable(issue.AddDays(-11), issue));
        Assert.False(BaselineRequirements.IsDcvReusable(issue.AddDays(1), issue));
        var early = new DateOnly(2026, 3, 14); // 398
        Assert.True(BaselineRequirements.IsDcvReusable(early.AddDays(-398), early));
        Assert.False(BaselineRequirements.IsDcvReusable(early.AddDays(-399), early));
        Assert.True(BaselineRequirements.IsIdentityReusable(early.AddDays(-825), early));
        Assert.False(BaselineRequirements.IsIdentityReusable(early.AddDays(-399), early.AddDays(1)));
    }

    [Fact]
    public void Max_not_after_counts_the_validity_period_inclusively()
    {
        var notBefore = new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero);
        var max = BaselineRequirements.MaxNotAfter(notBefore);
        Assert.Equal(notBefore.AddDays(200).AddSeconds(-1), max);
        Assert.True(BaselineRequirements.IsValidityAllowed(notBefore, max));
        Assert.False(BaselineRequirements.IsValidityAllowed(notBefore, max.AddSeconds(1)));
        var dayBefore = notBefore.AddSeconds(-1); // 2026-03-14 23:59:59 UTC: still 398
        Assert.Equal(dayBefore.AddDays(398).AddSeconds(-1), BaselineRequirements.MaxNotAfter(dayBefore));
    }

    [Fact]
    public void Day_of_uses_utc() =>
        Assert.Equal(new DateOnly(2026, 3, 15), BaselineRequirements.DayOf(new DateTimeOffset(2026, 3, 15, 1, 0, 0, TimeSpan.FromHours(2))).AddDays(1));

    [Theory]
    [InlineData("http-01", DcvMethod.Http01)]
    [InlineData("FILE", DcvMethod.Http01)]
    [InlineData("dns-01", DcvMethod.Dns01)]
    [InlineData("email", DcvMethod.Email)]
    public void Parses_dcv_methods(string wire, DcvMethod method)
    {
        Assert.True(DcvMethods.TryParse(wire, out var parsed));
        Assert.Equal(method, parsed);
    }

    [Fact]
    public void Http_cannot_validate_a_wildcard()
    {
        Assert.NotNull(DcvMethods.RefusalFor(DcvMethod.Http01, "*.example.com"));
        Assert.Null(DcvMethods.RefusalFor(DcvMethod.Dns01, "*.example.com"));
        Assert.Null(DcvMethods.RefusalFor(DcvMethod.Http01, "www.example.com"));
        Assert.False(DcvMethods.TryParse("whois", out _));
    }
}
