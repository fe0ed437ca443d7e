using SslFlow.Domain.Intake;
using SslFlow.Domain.Products;

namespace SslFlow.Domain.Organizations;

/// <summary>A validated profile body: its display name, organization and (optional) contacts; or the field errors.</summary>
public sealed record ProfileDetails(string Name, Organization Organization, Contacts? Contacts);

public sealed record ProfileDetailsResult(ProfileDetails? Details, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Details is not null && Errors.Count == 0;
}

/// <summary>
/// The rules of organization profiles beyond the fields (<see cref="SubjectDetailsRules.ValidateProfile"/>): bounds, what
/// an update may change, how a new vetting is folded in, and what an order takes from a profile.
/// </summary>
public static class OrganizationProfileRules
{
    /// <summary>Profiles one account may keep: a bound on storage and on the list a dashboard loads.</summary>
    public const int MaxPerAccount = 1000;

    public const int NameMax = 100;

    /// <summary>The orders a profile lists (the most recent); older ones still have their own copy of the details.</summary>
    public const int MaxOrderIds = 200;

    public static ProfileDetailsResult Validate(string? name, OrganizationRequest? organization, ContactsRequest? contacts)
    {
        var errors = new List<ValidationError>();
        var (display, nameError) = SubjectText.Normalise(name, NameMax);
        if (nameError is not null) errors.Add(new("name", nameError));
        else if (display is null) errors.Add(new("name", "Required: a display name for the profile."));
        var details = SubjectDetailsRules.ValidateProfile(organization, contacts);
        errors.AddRange(details.Errors);
        return errors.Count > 0 ? new(null, errors) : new(new ProfileDetails(display!, details.Details!.Organization!, details.Details.Contacts), []);
    }

    /// <summary>
    /// What an update may not change: the organization's identity (the parts of <see cref="OrganizationProfiles.KeyOf"/>:
    /// legal name, country, registration number; and the EV jurisdiction and business category). A vetting belongs to the
    /// organization it was done for, so another organization is a new profile. Address, phone, contacts and the display
    /// name may change (a company that moves is still the same company). Empty when the update is allowed.
    /// </summary>
    public static IReadOnlyList<ValidationError> IdentityChanges(Organization before, Organization after)
    {
        var errors = new List<ValidationError>();
        const string why = "The organization's identity cannot change: its vetting belongs to the organization. Create a new profile for another organization.";
        if (OrganizationProfiles.Key(before.LegalName, "", null) != OrganizationProfiles.Key(after.LegalName, "", null)) errors.Add(new("organization.legalName", why));
        if (!string.Equals(before.Country, after.Country, StringComparison.OrdinalIgnoreCase)) errors.Add(new("organization.country", why));
        if (OrganizationProfiles.Key("", "", before.RegistrationNumber) != OrganizationProfiles.Key("", "", after.RegistrationNumber)) errors.Add(new("organization.registrationNumber", why));
        if (before.Ev?.Jurisdiction != after.Ev?.Jurisdiction) errors.Add(new("organization.jurisdiction", why));
        if (before.Ev?.BusinessCategory != after.Ev?.BusinessCategory) errors.Add(new("organization.businessCategory", why));
        return errors;
    }

    /// <summary>The vetting level a completed order of <paramref name="product"/> gives its organization; null when it vets none.</summary>
    public static ValidationLevel? VettingLevelOf(Product product) =>
        product.Level is ValidationLevel.Organization or ValidationLevel.Extended or ValidationLevel.Sponsor
        && product.Plan.Steps.Any(s => s.Kind == ValidationStepKind.Organization)
            ? product.Level
            : null;

    /// <summary>
    /// Folds a vetting in: the later one wins; on the same day the stronger (EV over OV and sponsor). Order-independent
    /// and idempotent, so an activity that runs twice, or two orders finishing in any order, give the same profile.
    /// </summary>
    public static OrganizationVetting Merge(OrganizationVetting? current, OrganizationVetting next)
    {
        if (current is null) return next;
        if (next.VettedOn != current.VettedOn) return next.VettedOn > current.VettedOn ? next : current;
        var (a, b) = (Strength(current.Level), Strength(next.Level));
        if (a != b) return b > a ? next : current;
        // Same day and level: a stable choice (the smaller CA reference), not "the last to run".
        return string.CompareOrdinal(next.CaReference ?? "", current.CaReference ?? "") < 0 ? next : current;
    }

    private static int Strength(ValidationLevel level) => level == ValidationLevel.Extended ? 2 : 1;

    /// <summary>Adds an order to the profile's list once; keeps the most recent <see cref="MaxOrderIds"/>.</summary>
    public static IReadOnlyList<string> WithOrder(IReadOnlyList<string>? orderIds, string orderId)
    {
        if (orderIds is not null && orderIds.Contains(orderId, StringComparer.Ordinal)) return orderIds; // unchanged: nothing to write
        var list = (orderIds ?? []).ToList();
        list.Add(orderId);
        return list.Count > MaxOrderIds ? list[^MaxOrderIds..] : list;
    }

    /// <summary>
    /// The organization an order of <paramref name="product"/> takes from a profile, in the request shape so it goes through
    /// the order's own rules. The EV fields go only to EV orders: an EV profile serves OV and S/MIME orders as well.
    /// </summary>
    public static OrganizationRequest ForOrder(Organization organization, Product product) =>
        ToRequest(organization) is var request && product.Level == ValidationLevel.Extended ? request : request with { Jurisdiction = null, BusinessCategory = null };

    /// <summary>The request shape of a validated organization (what the API shows and takes).</summary>
    public static OrganizationRequest ToRequest(Organization o) => new(o.LegalName, o.Country, o.StateOrProvince, o.Locality, o.StreetAddress, o.PostalCode, o.Phone,
        o.RegistrationNumber,
        o.Ev is { } ev ? new JurisdictionRequest(ev.Jurisdiction.Country, ev.Jurisdiction.StateOrProvince, ev.Jurisdiction.Locality) : null,
        o.Ev?.BusinessCategory.CertificateText());

    public static ContactsRequest? ToRequest(Contacts? c) => c is null ? null : new ContactsRequest(Contact(c.Admin), Contact(c.Technical));

    private static ContactRequest? Contact(Contact? c) => c is null ? null : new ContactRequest(c.Name, c.Email, c.Phone);

    /// <summary>The short name of a vetting level as the API shows it: OV, EV or Sponsor (S/MIME Enterprise).</summary>
    public static string LevelName(ValidationLevel level) => level switch
    {
        ValidationLevel.Organization => "OV",
        ValidationLevel.Extended => "EV",
        ValidationLevel.Sponsor => "Sponsor",
        _ => level.ToString(),
    };
}
