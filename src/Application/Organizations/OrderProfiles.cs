using Microsoft.AspNetCore.Http;
using SslFlow.Domain.Intake;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;

namespace SslFlow.Application.Organizations;

/// <summary>
/// <c>organizationProfileId</c> on an order (create-and-submit or activation): the order's organization comes from the
/// profile, and its contacts too when the body gives none; the result goes through the order's own rules. The profile
/// must be the order's account's: a missing one and another account's are the same "no such profile", so an order
/// tells nothing about other accounts' profiles.
/// </summary>
public static class OrderProfiles
{
    public const string Field = "organizationProfileId";

    /// <summary>The profile an order of <paramref name="accountId"/> names, or the errors (both fields given; no such profile).</summary>
    public static async Task<(OrganizationProfile? Profile, List<(string Field, string Reason)> Errors)> ResolveAsync(HttpRequest request, string? accountId,
        string profileId, OrganizationRequest? organization, CancellationToken cancellationToken)
    {
        if (organization is not null)
        {
            const string both = "Give either the organization or organizationProfileId, not both.";
            return (null, [("organization", both), (Field, both)]);
        }
        if (OrganizationProfileEndpoints.Find(request) is not { } service) return (null, [(Field, "This deployment keeps no organization profiles.")]);
        var profile = accountId is null ? null : await service.GetForAccountAsync(accountId, profileId, cancellationToken);
        return profile is null ? (null, [(Field, "No such organization profile.")]) : (profile, []);
    }

    /// <summary>The profile's organization for <paramref name="product"/> (EV fields only for EV), and its contacts unless some were given.</summary>
    public static (OrganizationRequest Organization, ContactsRequest? Contacts) Details(OrganizationProfile profile, Product product, ContactsRequest? given) =>
        (OrganizationProfileRules.ForOrder(profile.Organization, product), given ?? OrganizationProfileRules.ToRequest(profile.Contacts));

    /// <summary>An error about the organization taken from a profile is about the profile: named <c>organizationProfileId</c>.</summary>
    public static List<(string Field, string Reason)> Attribute(IEnumerable<(string Field, string Reason)> errors, string? profileId) =>
        errors.Select(e => profileId is not null && (e.Field == "organization" || e.Field.StartsWith("organization.", StringComparison.Ordinal))
            ? (Field, $"The profile's {e.Field}: {e.Reason}")
            : e).ToList();

    /// <summary>What the activation answer says about a profile with a vetting the order can reuse (the CA decides at issuance).</summary>
    public static string? ReuseNote(OrganizationProfile profile, Product product, DateOnly today) =>
        OrganizationProfiles.CanSkipOrganizationChecks(profile.Vetting, product, today) is { CanSkip: true, ReusableUntil: { } until }
            ? $"Organization vetted on {profile.Vetting!.VettedOn:yyyy-MM-dd}, reusable until {until:yyyy-MM-dd}: the organization checks should be skipped."
            : null;

    /// <summary>Lists the order on the profile at once (the workflow lists it again, with the vetting, when it is issued). Best effort.</summary>
    public static async Task RecordOrderAsync(HttpRequest request, OrganizationProfile profile, string orderId, CancellationToken cancellationToken)
    {
        if (OrganizationProfileEndpoints.Find(request) is not { } service) return;
        try
        {
            await service.RecordOrderAsync(profile.AccountId, profile.Id, orderId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The order stands; the profile learns of it when the order is issued.
        }
    }
}
