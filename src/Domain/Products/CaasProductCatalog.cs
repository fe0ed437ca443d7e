namespace SslFlow.Domain.Products;

/// <summary>
/// A "certificate as a service" subscription (seed 003): the customer gets External Account Binding credentials for their
/// own ACME client for <see cref="DefaultTerm"/> (or a term they choose within bounds). OV subscriptions are minted only
/// after the CA vetted the organization. Kept apart from <see cref="ProductCatalog"/>: a subscription has no names, key or
/// validation plan of its own (the customer's ACME client validates each certificate it orders).
/// </summary>
public sealed record CaasProduct(string Code, string DisplayName, ValidationLevel Level, TimeSpan DefaultTerm)
{
    public bool NeedsOrganization => Level != ValidationLevel.Domain;
}

public static class CaasProductCatalog
{
    /// <summary>Codes of CaaS products start with this; the sandbox CA recognises them the same way.</summary>
    public const string Prefix = "caas-";

    /// <summary>Longest term on sale (three years), in days.</summary>
    public const int MaxTermDays = 3 * 365;

    public static IReadOnlyList<CaasProduct> All { get; } =
    [
        new("caas-dv", "Certificate as a Service DV", ValidationLevel.Domain, TimeSpan.FromDays(365)),
        new("caas-ov", "Certificate as a Service OV", ValidationLevel.Organization, TimeSpan.FromDays(365)),
    ];

    public static bool IsCaas(string? code) => code is not null && code.Trim().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public static CaasProduct? Find(string? code) => code is null ? null : All.FirstOrDefault(p => p.Code.Equals(code.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A term as customers write it: <c>365d</c>, <c>1y</c> (365 days) or a .NET time span (<c>365.00:00:00</c>, which
    /// tests use for short terms). Null when it cannot be read.
    /// </summary>
    public static TimeSpan? ParseTerm(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (t.Length is > 1 and <= 6 && int.TryParse(t[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            if (t[^1] is 'd' or 'D') return TimeSpan.FromDays(n);
            if (t[^1] is 'y' or 'Y') return TimeSpan.FromDays(365 * n);
        }
        return t.Length <= 30 && TimeSpan.TryParseExact(t, "c", System.Globalization.CultureInfo.InvariantCulture, out var span) ? span : null;
    }
}
