using SslFlow.Domain.Organizations;

namespace SslFlow.Application.Organizations;

/// <summary>
/// The body of <c>POST /api/organization-profiles</c> and <c>PUT /api/organization-profiles/{id}</c>: the organization and
/// contacts in the very shape an activation takes them. <paramref name="AccountId"/>: operators only, the account the
/// profile is created for (a customer's profiles are always its own).
/// </summary>
public sealed record OrganizationProfileRequest(string? Name, OrganizationRequest? Organization, ContactsRequest? Contacts = null, string? AccountId = null);

/// <summary>
/// A profile as the API shows it. <paramref name="Vetting"/>: the latest organization vetting a CA completed for an order
/// of this organization (null before the first); <paramref name="OrderIds"/>: the orders that used the profile.
/// </summary>
public sealed record OrganizationProfileView(
    string Id,
    string Name,
    string AccountId,
    OrganizationRequest Organization,
    ContactsRequest? Contacts,
    OrganizationVettingView? Vetting,
    IReadOnlyList<string> OrderIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static OrganizationProfileView Of(OrganizationProfile p) => new(p.Id, p.Name, p.AccountId, OrganizationProfileRules.ToRequest(p.Organization),
        OrganizationProfileRules.ToRequest(p.Contacts), OrganizationVettingView.Of(p.Vetting), p.OrderIds ?? [], p.CreatedAt, p.UpdatedAt);
}

/// <summary><paramref name="Level"/>: OV, EV or Sponsor; <paramref name="ReusableUntil"/>: the last day an order can skip the organization checks thanks to it.</summary>
public sealed record OrganizationVettingView(string Level, DateOnly VettedOn, string? CaName, string? CaReference, DateOnly ReusableUntil)
{
    public static OrganizationVettingView? Of(OrganizationVetting? v) => v is null ? null
        : new(OrganizationProfileRules.LevelName(v.Level), v.VettedOn, v.CaName, v.CaReference, OrganizationProfiles.ReusableUntil(v.VettedOn));
}

public sealed record OrganizationProfileListView(IReadOnlyList<OrganizationProfileView> Items, string? NextPageToken);
