using System.Security.Cryptography;
using System.Text;

namespace SslFlow.Activities.Renewal;

/// <summary>
/// When to renew a certificate. Inside the CA's ARI <c>suggestedWindow</c> when it offers one (RFC 9773: a
/// random moment in it); otherwise at 2/3 of the actual lifetime (1/2 under 10 days), with deterministic
/// jitter per certificate so a large inventory does not renew in one burst, and never later than the floor
/// (a quarter of the lifetime left; a third for short certificates). A fixed "30 days before" would be wrong
/// for 47-day certificates.
/// </summary>
public static class RenewalPolicy
{
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
