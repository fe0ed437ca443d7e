using System.Security.Cryptography;
using System.Text;
using SslFlow.Domain.Products;
using SslFlow.Domain.Rules;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;

namespace SslFlow.Contracts.Renewal;

/// <summary>
/// When to renew a certificate. Inside the CA's ARI <c>suggestedWindow</c> when it offers one (RFC 9773: a
/// random moment in it); otherwise at 2/3 of the actual lifetime (1/2 under 10 days), with deterministic
/// jitter per certificate so a large inventory does not renew in one burst, and never later than the floor
/// (a quarter of the lifetime left; a third for short certificates). A fixed "30 days before" would be wrong
/// for 47-day certificates. Pure functions of the item and the time given, so orchestrations may call them.
/// </summary>
public static class RenewalPolicy
{
    /// <summary>"Expires in N days without renewal" reminders, largest first.</summary>
    public static readonly IReadOnlyList<int> ReminderDays = [30, 7, 1];

    public static DateTimeOffset RenewAt(string certificateId, DateTimeOffset notBefore, DateTimeOffset notAfter, RenewalWindow? ariWindow = null)
    {
        var lifetime = notAfter - notBefore;
        if (lifetime <= TimeSpan.Zero) throw new ArgumentException("notAfter must be after notBefore.", nameof(notAfter));
        var unit = UnitInterval(certificateId);
        if (ariWindow is { } w && w.End > w.Start)
        {
            return w.Start + (w.End - w.Start) * unit;
        }
        var shortLived = lifetime < TimeSpan.FromDays(10);
        var target = notBefore + lifetime * (shortLived ? 0.5 : 2.0 / 3.0);
        var spread = TimeSpan.FromTicks(Math.Min((lifetime / 15).Ticks, TimeSpan.FromDays(2).Ticks));
        var jittered = target + spread * (unit - 0.5);
        return Min(jittered, Floor(notBefore, notAfter));
    }

    /// <summary>The latest moment a renewal may start.</summary>
    public static DateTimeOffset Floor(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var lifetime = notAfter - notBefore;
        return notAfter - lifetime * (lifetime < TimeSpan.FromDays(10) ? 1.0 / 3.0 : 0.25);
    }

    /// <summary>Failed renewals retry at 1 min, 10 min, 100 min, then daily (Let's Encrypt's integration guide).</summary>
    public static TimeSpan RetryDelay(int failures) => failures switch
    {
        <= 0 => TimeSpan.Zero,
        1 => TimeSpan.FromMinutes(1),
        2 => TimeSpan.FromMinutes(10),
        3 => TimeSpan.FromMinutes(100),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>
    /// True when renewing at <paramref name="renewAt"/> cannot finish without a person: email DCV (an approver must
    /// click), or OV/EV whose organization vetting (<paramref name="organizationValidatedAt"/>) may no longer be reused
    /// then (825/398 days, Baseline Requirements), so the CA vets the organization again.
    /// </summary>
    public static bool NeedsPerson(ValidationLevel level, DcvMethod dcvMethod, DateTimeOffset? organizationValidatedAt, DateTimeOffset renewAt)
    {
        if (dcvMethod == DcvMethod.Email) return true;
        if (level == ValidationLevel.Domain || level == ValidationLevel.Mailbox) return false;
        return organizationValidatedAt is not { } vetted
               || !BaselineRequirements.IsIdentityReusable(BaselineRequirements.DayOf(vetted), BaselineRequirements.DayOf(renewAt));
    }

    /// <summary>
    /// How long before notAfter a renewal that needs a person starts: vetting takes days (OV) to weeks (EV), and the
    /// start comes a few days before the 30-day reminder so that reminder finds the request already with the customer.
    /// </summary>
    public static TimeSpan PersonLead(ValidationLevel level) => level == ValidationLevel.Extended ? TimeSpan.FromDays(50) : TimeSpan.FromDays(35);

    /// <summary>
    /// The start of a renewal that needs a person: the lead before notAfter when that is earlier than the usual moment,
    /// but not before a third of the lifetime (short certificates cannot give a month).
    /// </summary>
    public static DateTimeOffset PersonStart(DateTimeOffset usual, DateTimeOffset notBefore, DateTimeOffset notAfter, ValidationLevel level)
    {
        var lead = notAfter - PersonLead(level);
        var earliest = notBefore + (notAfter - notBefore) / 3;
        return Min(usual, lead > earliest ? lead : earliest);
    }

    /// <summary>How long an automatic renewal may run past its moment before the customer is warned (a DV renewal takes minutes).</summary>
    public static readonly TimeSpan ReminderGrace = TimeSpan.FromDays(1);

    /// <summary>
    /// The reminder thresholds that apply to this certificate: within its lifetime and not already sent, and only where
    /// the renewal will not have happened by itself — it needs a person, it has failed, or it is a day overdue.
    /// </summary>
    public static IEnumerable<(int Days, DateTimeOffset At)> PendingReminders(InventoryItem item)
    {
        foreach (var days in ReminderDays)
        {
            if (item.RemindedAtDays != 0 && days >= item.RemindedAtDays) continue;
            var at = item.NotAfter.AddDays(-days);
            if (at <= item.NotBefore) continue;
            if (item.NeedsPerson || item.Failures > 0 || at > item.RenewAt + ReminderGrace) yield return (days, at);
        }
    }

    /// <summary>The reminder to send now: the smallest threshold already reached (one email even after a long outage).</summary>
    public static int? DueReminder(InventoryItem item, DateTimeOffset now) =>
        PendingReminders(item).Where(r => r.At <= now).Select(r => (int?)r.Days).LastOrDefault();

    /// <summary>The next moment the item needs attention: renewal, a reminder or expiry. Its due-index entry sits there.</summary>
    public static DateTimeOffset NextAttention(InventoryItem item)
    {
        var next = Min(item.RenewAt, item.NotAfter);
        foreach (var (_, at) in PendingReminders(item)) next = Min(next, at);
        return next;
    }

    /// <summary>A stable number in [0, 1) per certificate: the same certificate always gets the same jitter.</summary>
    public static double UnitInterval(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return (BitConverter.ToUInt64(hash, 0) >> 11) * (1.0 / (1UL << 53));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>An ARI suggested renewal window.</summary>
public sealed record RenewalWindow(DateTimeOffset Start, DateTimeOffset End);
