using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;
using SslFlow.Domain.Rules;

namespace SslFlow.Domain.Tests.Organizations;

public class OrganizationProfilesTests
{
    private static readonly Product Ov = ProductCatalog.Get("ov-single");
    private static readonly Product Ev = ProductCatalog.Get("ev-multi");

    private static Organization Org(string name, string country = "IT", string? registration = null) =>
        new(name, country, null, "Arezzo", "Via San Clemente 53", null, "+3905750505", registration);

    [Theory]
    [InlineData("Acme, Inc.", "ACMEINC")]
    [InlineData("  acme   inc ", "ACMEINC")]
    [InlineData("ACME-INC", "ACMEINC")]
    [InlineData("Aruba S.p.A.", "ARUBASPA")]
    [InlineData("Aruba SpA", "ARUBASPA")]
    [InlineData("Société Générale", "SOCIÉTÉGÉNÉRALE")]
    public void The_key_normalises_the_legal_name(string name, string expected) =>
        Assert.Equal($"IT||{expected}", OrganizationProfiles.KeyOf(Org(name)));

    [Fact]
    public void The_key_tells_apart_country_and_registration_but_not_address()
    {
        var key = OrganizationProfiles.KeyOf(Org("Acme Inc", "US", "DE 123-456"));
        Assert.Equal("US|DE123456|ACMEINC", key);
        Assert.Equal(key, OrganizationProfiles.KeyOf(Org("ACME, INC.", "US", "de123456") with { Locality = "Wilmington", Phone = "+13025550100" }));
        Assert.NotEqual(key, OrganizationProfiles.KeyOf(Org("Acme Inc", "GB", "DE 123-456")));
        Assert.NotEqual(key, OrganizationProfiles.KeyOf(Org("Acme Inc", "US", "DE 123-457")));
        Assert.NotEqual(key, OrganizationProfiles.KeyOf(Org("Acme Ltd", "US", "DE 123-456")));
        var profile = new OrganizationProfile("prof-1", "acme", Org("Acme Inc", "US", "DE 123-456"));
        Assert.Equal(key, profile.Key);
    }

    public static TheoryData<string, string, bool> ReuseTable() => new()
    {
        // vetted on, ordered on, can skip
        { "2022-01-01", "2024-04-05", true },   // 825 days exactly, before SC-081
        { "2022-01-01", "2024-04-06", false },
        { "2024-01-01", "2026-03-14", true },   // 803 days: still the 825-day rule on 2026-03-14
        { "2024-01-01", "2026-03-15", false },  // from 2026-03-15 only 398 days
        { "2025-02-09", "2026-03-14", true },
        { "2025-02-09", "2026-03-15", false },  // 399 days
        { "2025-02-10", "2026-03-15", true },   // 398 days
        { "2025-03-01", "2026-04-03", true },
        { "2025-03-01", "2026-04-04", false },
        { "2026-06-01", "2026-06-01", true },   // same day
        { "2026-06-01", "2027-07-04", true },
        { "2026-06-01", "2027-07-05", false },
        { "2026-06-02", "2026-06-01", false },  // vetting after the order day
    };

    [Theory]
    [MemberData(nameof(ReuseTable))]
    public void Ov_reuse_follows_the_identity_reuse_period_by_date(string vettedOn, string orderedOn, bool canSkip)
    {
        var vetting = new OrganizationVetting(ValidationLevel.Organization, DateOnly.Parse(vettedOn), "sandbox", "SB-1");
        var decision = OrganizationProfiles.CanSkipOrganizationChecks(vetting, Ov, DateOnly.Parse(orderedOn));
        Assert.Equal(canSkip, decision.CanSkip);
        Assert.Equal(BaselineRequirements.IsIdentityReusable(DateOnly.Parse(vettedOn), DateOnly.Parse(orderedOn)), decision.CanSkip);
        Assert.Contains(vettedOn, decision.Reason);
    }

    [Theory]
    [InlineData("2023-12-01", "2026-03-05")]
    [InlineData("2024-01-01", "2026-03-14")]
    [InlineData("2025-02-09", "2026-03-14")]
    [InlineData("2025-02-10", "2026-03-15")]
    [InlineData("2026-06-01", "2027-07-04")]
    public void Reusable_until_is_the_last_day_of_use(string vettedOn, string until) =>
        Assert.Equal(DateOnly.Parse(until), OrganizationProfiles.ReusableUntil(DateOnly.Parse(vettedOn)));

    [Fact]
    public void Reusable_until_agrees_with_the_baseline_rule_on_every_day()
    {
        for (var vetted = new DateOnly(2023, 6, 1); vetted <= new DateOnly(2026, 6, 1); vetted = vetted.AddDays(7))
        {
            var until = OrganizationProfiles.ReusableUntil(vetted);
            Assert.True(BaselineRequirements.IsIdentityReusable(vetted, until), $"{vetted} → {until}");
            Assert.False(BaselineRequirements.IsIdentityReusable(vetted, until.AddDays(1)), $"{vetted} → {until} + 1");
        }
    }

    [Theory]
    [InlineData(ValidationLevel.Organization, "ov-single", true)]
    [InlineData(ValidationLevel.Extended, "ov-multi", true)]
    [InlineData(ValidationLevel.Sponsor, "ov-wildcard", true)]
    [InlineData(ValidationLevel.Organization, "smime-enterprise", true)]
    [InlineData(ValidationLevel.Extended, "ev-single", true)]
    [InlineData(ValidationLevel.Organization, "ev-single", false)]
    [InlineData(ValidationLevel.Sponsor, "ev-multi", false)]
    [InlineData(ValidationLevel.Extended, "dv-single", false)]
    [InlineData(ValidationLevel.Extended, "smime-pro", false)]
    public void A_vetting_covers_orders_of_its_level_or_below(ValidationLevel vetted, string productCode, bool canSkip)
    {
        var on = new DateOnly(2026, 6, 1);
        Assert.Equal(canSkip, OrganizationProfiles.CanSkipOrganizationChecks(new(vetted, on), ProductCatalog.Get(productCode), on.AddDays(10)).CanSkip);
    }

    [Fact]
    public void No_vetting_no_skip()
    {
        var decision = OrganizationProfiles.CanSkipOrganizationChecks(null, Ev, new DateOnly(2026, 6, 1));
        Assert.False(decision.CanSkip);
        Assert.Contains("not been vetted", decision.Reason);
        Assert.Contains("no organization checks", OrganizationProfiles.CanSkipOrganizationChecks(null, ProductCatalog.Get("dv-single"), new DateOnly(2026, 6, 1)).Reason);
    }
}
