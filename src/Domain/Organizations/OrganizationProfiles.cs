using System.Text;
using SslFlow.Domain.Products;
using SslFlow.Domain.Rules;

namespace SslFlow.Domain.Organizations;

/// <summary>A CA's vetting of an organization: at which level, on which day (UTC), and where.</summary>
public sealed record OrganizationVetting(ValidationLevel Level, DateOnly VettedOn, string? CaName = null, string? CaReference = null);

/// <summary>
/// An organization a customer account keeps to reuse across orders. <see cref="Key"/> identifies the organization
/// (<see cref="OrganizationProfiles.KeyOf"/>); <see cref="Vetting"/> is the latest vetting a CA completed for it.
/// <paramref name="Name"/> is the customer's display name for it; <paramref name="OrderIds"/> the orders that used it
/// (most recent last, at most <see cref="OrganizationProfileRules.MaxOrderIds"/>).
/// </summary>
public sealed record OrganizationProfile(string Id, string AccountId, Organization Organization, OrganizationVetting? Vetting = null,
    string Name = "", Contacts? Contacts = null, IReadOnlyList<string>? OrderIds = null, DateTimeOffset CreatedAt = default, DateTimeOffset UpdatedAt = default)
{
    public string Key => OrganizationProfiles.KeyOf(Organization);
}

/// <summary>Whether an order can skip the organization checks, why, and until which day the vetting is good.</summary>
public sealed record OrganizationReuseDecision(bool CanSkip, string Reason, DateOnly? ReusableUntil = null);

public static class OrganizationProfiles
{
    /// <summary>
    /// "country|registration|NAME": the legal name upper-cased (invariant) with letters and digits only, so spacing and
    /// punctuation do not matter ("Acme, Inc." = "ACME INC" = "Acme-Inc", "S.p.A." = "SpA"); the registration number
    /// likewise ("HRB 123-45" = "HRB12345"). Address and phone are left out: a company that moves is still the same company.
    /// </summary>
    public static string KeyOf(Organization organization) =>
        Key(organization.LegalName, organization.Country, organization.RegistrationNumber);

    public static string Key(string legalName, string country, string? registrationNumber)
    {
        var name = new StringBuilder();
        foreach (var rune in legalName.ToUpperInvariant().EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune)) name.Append(rune.ToString());
        }
        var registration = new string((registrationNumber ?? "").ToUpperInvariant().Where(char.IsLetterOrDigit).ToArray());
        return $"{country.Trim().ToUpperInvariant()}|{registration}|{name}";
    }

    /// <summary>
    /// Can an order for <paramref name="product"/> placed on <paramref name="orderedOn"/> skip the organization checks
    /// thanks to <paramref name="vetting"/>? Yes when the product has organization checks, the vetting is at least as
    /// strong (EV covers OV and S/MIME sponsor; OV and sponsor cover each other; only EV covers EV) and the BR identity
    /// reuse period (<see cref="BaselineRequirements.IsIdentityReusable"/>: 825 days, 398 from 2026-03-15) still covers
    /// the order day. The CA decides again at issuance; this is what SslFlow expects and shows.
    /// </summary>
    public static OrganizationReuseDecision CanSkipOrganizationChecks(OrganizationVetting? vetting, Product product, DateOnly orderedOn)
    {
        ArgumentNullException.ThrowIfNull(product);
        if (!product.Plan.Steps.Any(s => s.Kind == ValidationStepKind.Organization))
            return new(false, $"Product '{product.Code}' has no organization checks.");
        if (vetting is null) return new(false, "The organization has not been vetted yet.");
        if (!Covers(vetting.Level, product.Level))
            return new(false, $"A vetting at level {vetting.Level} does not cover a {product.Level} order.");
        var until = ReusableUntil(vetting.VettedOn);
        if (orderedOn < vetting.VettedOn) return new(false, $"The vetting of {vetting.VettedOn:yyyy-MM-dd} is after the order day.", until);
        return BaselineRequirements.IsIdentityReusable(vetting.VettedOn, orderedOn)
            ? new(true, $"Vetted on {vetting.VettedOn:yyyy-MM-dd}; reusable until {until:yyyy-MM-dd}.", until)
            : new(false, $"The vetting of {vetting.VettedOn:yyyy-MM-dd} expired after {until:yyyy-MM-dd}; the CA checks the organization again.", until);
    }

    /// <summary>
    /// The last day a vetting is reusable. The period depends on the day of use (825 days before 2026-03-15, 398 from
    /// then on), so a vetting from early 2025 is good until 2026-03-14 and no longer: the days of use form one range.
    /// </summary>
    public static DateOnly ReusableUntil(DateOnly vettedOn)
    {
        var change = BaselineRequirements.Step200Days;
        var underNewRule = vettedOn.AddDays(BaselineRequirements.IdentityReuseDays(change));
        if (underNewRule >= change) return underNewRule;
        var underOldRule = vettedOn.AddDays(BaselineRequirements.IdentityReuseDays(change.AddDays(-1)));
        return underOldRule < change ? underOldRule : change.AddDays(-1);
    }

    private static bool Covers(ValidationLevel vetted, ValidationLevel needed) => needed switch
    {
        ValidationLevel.Extended => vetted == ValidationLevel.Extended,
        ValidationLevel.Organization or ValidationLevel.Sponsor => vetted is ValidationLevel.Extended or ValidationLevel.Organization or ValidationLevel.Sponsor,
        _ => false,
    };
}
