using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Vault;


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

public sealed class RenewalAttentionTests
{
    private static readonly DateTimeOffset Issued = new(2029, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static InventoryItem Item(int days, bool needsPerson = false, int failures = 0, int reminded = 0)
    {
        var notAfter = Issued.AddDays(days);
        return new InventoryItem("c1", "dv-single", ["a.example.com"], "acme", SslFlow.Domain.Rules.DcvMethod.Http01, "x@example.com", "order-c1",
            SslFlow.Domain.Keys.KeyAlgorithm.EcP256, "01", Issued, notAfter, RenewalPolicy.RenewAt("c1", Issued, notAfter), 0, failures, needsPerson, reminded);
    }

    [Fact]
    public void A_dv_certificate_that_renews_by_itself_gets_no_reminder_before_its_renewal_moment()
    {
        var item = Item(47); // renews at ~31 days: the 30-day reminder would come before it, so it is not planned
        Assert.Equal([7, 1], RenewalPolicy.PendingReminders(item).Select(r => r.Days));
        Assert.Equal(item.RenewAt, RenewalPolicy.NextAttention(item));
        Assert.Null(RenewalPolicy.DueReminder(item, item.RenewAt.AddMinutes(-1)));
        // A renewal that starts as a threshold passes is given a day before the customer is warned.
        var startsAtThreshold = item with { RenewAt = item.NotAfter.AddDays(-7) };
        Assert.Equal([1], RenewalPolicy.PendingReminders(startsAtThreshold).Select(r => r.Days));
    }

    [Fact]
    public void A_renewal_that_needs_a_person_is_reminded_at_30_7_and_1_days_each_once()
    {
        var item = Item(200, needsPerson: true);
        Assert.Equal([30, 7, 1], RenewalPolicy.PendingReminders(item).Select(r => r.Days));
        Assert.Equal(30, RenewalPolicy.DueReminder(item, item.NotAfter.AddDays(-29)));
        var after30 = item with { RemindedAtDays = 30 };
        Assert.Null(RenewalPolicy.DueReminder(after30, item.NotAfter.AddDays(-29)));
        Assert.Equal(item.NotAfter.AddDays(-7), RenewalPolicy.PendingReminders(after30).First().At);
        // After an outage past two thresholds, one email: the nearer one.
        Assert.Equal(7, RenewalPolicy.DueReminder(item, item.NotAfter.AddDays(-3)));
        Assert.Empty(RenewalPolicy.PendingReminders(item with { RemindedAtDays = 1 }));
    }

    [Fact]
    public void The_due_index_entry_is_the_earliest_of_renewal_reminder_and_expiry()
    {
        var item = Item(200, needsPerson: true) with { RenewAt = Issued.AddDays(190) };
        Assert.Equal(item.NotAfter.AddDays(-30), RenewalPolicy.NextAttention(item));
        var expiring = item with { RenewAt = item.NotAfter.AddDays(5), RemindedAtDays = 1 };
        Assert.Equal(item.NotAfter, RenewalPolicy.NextAttention(expiring));
    }

    [Theory]
    [InlineData(SslFlow.Domain.Products.ValidationLevel.Domain, SslFlow.Domain.Rules.DcvMethod.Http01, 1000, false)]
    [InlineData(SslFlow.Domain.Products.ValidationLevel.Domain, SslFlow.Domain.Rules.DcvMethod.Email, 0, true)]
    [InlineData(SslFlow.Domain.Products.ValidationLevel.Organization, SslFlow.Domain.Rules.DcvMethod.Dns01, 300, false)]
    [InlineData(SslFlow.Domain.Products.ValidationLevel.Organization, SslFlow.Domain.Rules.DcvMethod.Dns01, 399, true)]
    [InlineData(SslFlow.Domain.Products.ValidationLevel.Extended, SslFlow.Domain.Rules.DcvMethod.Http01, 399, true)]
    public void A_person_is_needed_for_email_dcv_or_when_the_organization_vetting_can_no_longer_be_reused(
        SslFlow.Domain.Products.ValidationLevel level, SslFlow.Domain.Rules.DcvMethod dcv, int vettedDaysBefore, bool expected)
    {
        var renewAt = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero); // identity reuse: 398 days
        Assert.Equal(expected, RenewalPolicy.NeedsPerson(level, dcv, renewAt.AddDays(-vettedDaysBefore), renewAt));
    }

    [Fact]
    public void A_renewal_that_needs_a_person_starts_ahead_of_the_30_day_reminder_but_not_before_a_third_of_the_lifetime()
    {
        var notAfter = Issued.AddDays(100);
        var usual = RenewalPolicy.RenewAt("c1", Issued, notAfter); // ~33 days before expiry
        Assert.Equal(notAfter.AddDays(-35), RenewalPolicy.PersonStart(usual, Issued, notAfter, SslFlow.Domain.Products.ValidationLevel.Organization));
        notAfter = Issued.AddDays(47);
        usual = RenewalPolicy.RenewAt("c1", Issued, notAfter);
        Assert.Equal(Issued + TimeSpan.FromDays(47) / 3, RenewalPolicy.PersonStart(usual, Issued, notAfter, SslFlow.Domain.Products.ValidationLevel.Extended));
        var longLived = Issued.AddDays(200); // 2/3 of 200 days is already more than 50 days ahead of expiry
        var usualLong = RenewalPolicy.RenewAt("c1", Issued, longLived);
        Assert.Equal(usualLong, RenewalPolicy.PersonStart(usualLong, Issued, longLived, SslFlow.Domain.Products.ValidationLevel.Extended));
    }
}
