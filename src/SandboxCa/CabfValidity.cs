namespace SslFlow.SandboxCa;

/// <summary>Maximum certificate lifetime by issuance date (CA/B Forum BR, ballot SC-081; S/MIME BR for mailboxes).</summary>
public static class CabfValidity
{
    private static readonly DateTimeOffset Step1 = new(2026, 3, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Step2 = new(2027, 3, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Step3 = new(2029, 3, 15, 0, 0, 0, TimeSpan.Zero);

    public static int MaxTlsDays(DateTimeOffset issuedAt) =>
        issuedAt >= Step3 ? 47 : issuedAt >= Step2 ? 100 : issuedAt >= Step1 ? 200 : 398;

    /// <summary>S/MIME BR 6.3.2: at most 825 days.</summary>
    public const int MaxSmimeDays = 825;

    /// <summary>
    /// notAfter for a certificate issued at <paramref name="notBefore"/>. The BR count the validity period inclusively
    /// (notAfter − notBefore + 1 s), hence the second taken off.
    /// </summary>
    public static DateTimeOffset NotAfter(DateTimeOffset notBefore, ProductKind kind, int? requestedDays)
    {
        var max = kind == ProductKind.Smime ? MaxSmimeDays : MaxTlsDays(notBefore);
        var days = requestedDays is > 0 && requestedDays < max ? requestedDays.Value : max;
        return notBefore.AddDays(days).AddSeconds(-1);
    }
}
