namespace SslFlow.SandboxCa;

/// <summary>
/// The sandbox's reuse of organization vetting: a new order for an organization it already vetted (same profile key)
/// skips its organization step while the vetting is within the BR identity-reuse period (825 days, 398 for orders
/// from 2026-03-15). An EV vetting covers OV and S/MIME Enterprise; OV and Enterprise cover each other; EV needs an
/// EV vetting. The vetting date carries over: reusing does not extend it.
/// </summary>
public static class VettingReuse
{
    private static readonly DateTimeOffset ShorterReuseFrom = new(2026, 3, 15, 0, 0, 0, TimeSpan.Zero);

    public static int ReuseDays(DateTimeOffset usedAt) => usedAt < ShorterReuseFrom ? 825 : 398;

    public static bool IsReusable(DateTimeOffset vettedAt, DateTimeOffset usedAt) =>
        vettedAt <= usedAt && DateOnly.FromDateTime(vettedAt.UtcDateTime).AddDays(ReuseDays(usedAt)) >= DateOnly.FromDateTime(usedAt.UtcDateTime);

    public static bool Covers(ProductKind vetted, ProductKind needed) =>
        needed == ProductKind.Ev ? vetted == ProductKind.Ev : vetted is ProductKind.Ev or ProductKind.Ov or ProductKind.Smime;

    /// <summary>The latest reusable vetting of the organization among <paramref name="orders"/>: (order it was done for, when).</summary>
    public static (string CaReference, DateTimeOffset VettedAt)? Find(IEnumerable<SandboxOrder> orders, string profileKey, ProductKind kind, DateTimeOffset now)
    {
        (string, DateTimeOffset)? best = null;
        foreach (var order in orders)
        {
            if (order.OrganizationKey != profileKey || !Covers(order.Kind, kind)) continue;
            if (order.Steps.FirstOrDefault(s => s.Name == Products.Organization.Name) is not { CompletedAt: { } completed } step) continue;
            var vettedAt = step.VettedAt ?? completed;
            var source = step.ReusedFrom ?? order.CaReference;
            if (IsReusable(vettedAt, now) && (best is null || vettedAt > best.Value.Item2)) best = (source, vettedAt);
        }
        return best;
    }
}
