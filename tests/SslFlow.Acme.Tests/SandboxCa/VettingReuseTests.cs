using SslFlow.SandboxCa;

namespace SslFlow.Acme.Tests.SandboxCa;

/// <summary>The sandbox's own reuse rule on the date boundaries (the process tests cover "within the period").</summary>
public class VettingReuseTests
{
    private static DateTimeOffset At(string day) => DateTimeOffset.Parse(day + "T12:00:00Z");

    [Theory]
    [InlineData("2022-01-01", "2024-04-05", true)]  // 825 days
    [InlineData("2022-01-01", "2024-04-06", false)]
    [InlineData("2024-01-01", "2026-03-14", true)]
    [InlineData("2024-01-01", "2026-03-15", false)] // 398 days from 2026-03-15
    [InlineData("2025-02-10", "2026-03-15", true)]
    [InlineData("2026-06-01", "2027-07-04", true)]
    [InlineData("2026-06-01", "2027-07-05", false)]
    [InlineData("2026-06-02", "2026-06-01", false)]
    public void A_vetting_is_reusable_within_the_identity_reuse_period(string vetted, string used, bool reusable) =>
        Assert.Equal(reusable, VettingReuse.IsReusable(At(vetted), At(used)));

    [Fact]
    public void The_latest_covering_vetting_is_found_and_reuse_keeps_its_date()
    {
        var vetted = At("2026-06-01");
        var first = Order("SB-1", ProductKind.Ov, "IT||ACME", vetted, null);
        var second = Order("SB-2", ProductKind.Ov, "IT||ACME", At("2026-07-01"), ("SB-1", vetted));
        var ev = Order("SB-3", ProductKind.Ev, "IT||ACME", At("2026-05-01"), null);
        var other = Order("SB-4", ProductKind.Ov, "FR||ACME", At("2026-07-01"), null);
        var orders = new[] { first, second, ev, other };

        Assert.Equal(("SB-1", vetted), VettingReuse.Find(orders, "IT||ACME", ProductKind.Ov, At("2026-08-01")));
        Assert.Equal(("SB-3", At("2026-05-01")), VettingReuse.Find(orders, "IT||ACME", ProductKind.Ev, At("2026-08-01")));
        Assert.Equal(("SB-1", vetted), VettingReuse.Find(orders, "IT||ACME", ProductKind.Smime, At("2026-08-01")));
        Assert.Null(VettingReuse.Find([first, second], "IT||ACME", ProductKind.Ev, At("2026-08-01")));
        Assert.Null(VettingReuse.Find(orders, "IT||ACME", ProductKind.Ov, At("2027-07-06")));
        Assert.Null(VettingReuse.Find(orders, "DE||ACME", ProductKind.Ov, At("2026-08-01")));
    }

    private static SandboxOrder Order(string reference, ProductKind kind, string key, DateTimeOffset completed, (string From, DateTimeOffset At)? reused) => new()
    {
        CaReference = reference,
        OrderKey = reference,
        ProductCode = kind == ProductKind.Ev ? "ev-single" : "ov-single",
        Kind = kind,
        OrganizationKey = key,
        Steps = [new ValidationStep { Name = "domain_control", CompletedAt = completed }, new ValidationStep { Name = "organization", CompletedAt = completed, ReusedFrom = reused?.From, VettedAt = reused?.At }],
    };
}
