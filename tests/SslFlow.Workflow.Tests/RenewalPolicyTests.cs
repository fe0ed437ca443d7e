using SslFlow.Activities.Renewal;

namespace SslFlow.Workflow.Tests;

public sealed class RenewalPolicyTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(200)]
    [InlineData(100)]
    [InlineData(47)]
    public void Renews_around_two_thirds_of_the_lifetime_and_before_the_floor(int days)
    {
        var notAfter = Issued.AddDays(days);
        for (var i = 0; i < 500; i++)
        {
            var at = RenewalPolicy.RenewAt($"cert-{i}", Issued, notAfter);
            var fraction = (at - Issued) / (notAfter - Issued);
            Assert.InRange(fraction, 2.0 / 3 - 1.0 / 30 - 1e-9, 2.0 / 3 + 1.0 / 30 + 1e-9);
            Assert.True(at <= RenewalPolicy.Floor(Issued, notAfter));
        }
    }

    [Fact]
    public void A_47_day_certificate_is_not_renewed_30_days_before_expiry()
    {
        var at = RenewalPolicy.RenewAt("c", Issued, Issued.AddDays(47));
        Assert.True(Issued.AddDays(47) - at < TimeSpan.FromDays(30));
    }

    [Fact]
    public void Short_lived_certificates_renew_at_half_their_life()
    {
        var at = RenewalPolicy.RenewAt("c", Issued, Issued.AddDays(6));
        Assert.InRange((at - Issued).TotalDays, 2.8, 3.2);
    }

    [Fact]
    public void Jitter_is_deterministic_per_certificate_and_spreads_an_inventory()
    {
        var notAfter = Issued.AddDays(90);
        Assert.Equal(RenewalPolicy.RenewAt("same", Issued, notAfter), RenewalPolicy.RenewAt("same", Issued, notAfter));
        var distinct = Enumerable.Range(0, 1000).Select(i => RenewalPolicy.RenewAt($"c{i}", Issued, notAfter).UtcDateTime.Date.AddHours(RenewalPolicy.RenewAt($"c{i}", Issued, notAfter).Hour)).Distinct().Count();
        Assert.True(distinct > 40, $"1000 certificates should spread over many hours, got {distinct}");
    }

    [Fact]
    public void The_ari_window_wins_and_is_respected()
    {
        var window = new RenewalWindow(Issued.AddDays(50), Issued.AddDays(52));
        for (var i = 0; i < 200; i++)
        {
            var at = RenewalPolicy.RenewAt($"c{i}", Issued, Issued.AddDays(90), window);
            Assert.InRange(at, window.Start, window.End);
        }
    }

    [Fact]
    public void Retries_follow_1_10_100_minutes_then_daily()
    {
        Assert.Equal([1, 10, 100, 1440, 1440], Enumerable.Range(1, 5).Select(n => RenewalPolicy.RetryDelay(n).TotalMinutes));
    }
}
