using System.Security.Cryptography;
using SslFlow.Domain.Accounts;
using SslFlow.Domain.Intake;
using SslFlow.Domain.Organizations;
using SslFlow.Contracts.Organizations;

namespace SslFlow.Application.Organizations;

/// <summary>
/// Organization profiles scoped like orders: a customer reads and changes only its own account's (another account's
/// profile is the same null a missing one is), operators any. Bodies are validated before this is called.
/// </summary>
/// <param name="maxPerAccount">The cap on an account's profiles (a setting only so tests reach it quickly).</param>
public sealed class OrganizationProfileService(IOrganizationProfileStore store, TimeProvider time, int maxPerAccount = OrganizationProfileRules.MaxPerAccount)
{
    public enum UpdateOutcome
    {
        Updated,
        NotFound,
        /// <summary>The organization's identity would change (<see cref="OrganizationProfileRules.IdentityChanges"/>).</summary>
        IdentityChanged,
    }

    public sealed record UpdateResult(UpdateOutcome Outcome, OrganizationProfile? Profile, IReadOnlyList<ValidationError> Errors);

    public int MaxPerAccount => maxPerAccount;

    /// <summary>Profile ids as this service makes them; anything else is no profile, asked nowhere.</summary>
    public static bool IsWellFormedId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The profile when <paramref name="caller"/> may see it (its own, or any for operators); else null.</summary>
    public async Task<OrganizationProfile?> GetVisibleAsync(Account caller, string profileId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(profileId)) return null;
        return caller.IsOperator ? await store.FindAsync(profileId, cancellationToken) : await store.GetAsync(caller.Id, profileId, cancellationToken);
    }

    /// <summary>The profile of <paramref name="accountId"/> an order of that account names; null for a missing one or another account's.</summary>
    public Task<OrganizationProfile?> GetForAccountAsync(string accountId, string profileId, CancellationToken cancellationToken) =>
        IsWellFormedId(profileId) ? store.GetAsync(accountId, profileId, cancellationToken) : Task.FromResult<OrganizationProfile?>(null);

    public async Task<(ProfileCreateResult Result, OrganizationProfile Profile)> CreateAsync(string accountId, ProfileDetails details, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var profile = new OrganizationProfile("prof-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)), accountId, details.Organization,
            Name: details.Name, Contacts: details.Contacts, OrderIds: [], CreatedAt: now, UpdatedAt: now);
        return (await store.CreateAsync(profile, maxPerAccount, cancellationToken), profile);
    }

    /// <summary>Replaces name, organization details and contacts; the organization's identity, vetting and orders stay.</summary>
    public async Task<UpdateResult> UpdateAsync(OrganizationProfile visible, ProfileDetails details, CancellationToken cancellationToken)
    {
        var identity = OrganizationProfileRules.IdentityChanges(visible.Organization, details.Organization);
        if (identity.Count > 0) return new(UpdateOutcome.IdentityChanged, null, identity);
        IReadOnlyList<ValidationError> raced = [];
        var updated = await store.UpdateAsync(visible.AccountId, visible.Id, current =>
        {
            // Checked again on the stored profile: the caller's copy may be older than the write.
            raced = OrganizationProfileRules.IdentityChanges(current.Organization, details.Organization);
            return raced.Count > 0 ? null : current with { Name = details.Name, Organization = details.Organization, Contacts = details.Contacts, UpdatedAt = time.GetUtcNow() };
        }, cancellationToken);
        if (updated is null) return new(UpdateOutcome.NotFound, null, []);
        return raced.Count > 0 ? new(UpdateOutcome.IdentityChanged, null, raced) : new(UpdateOutcome.Updated, updated, []);
    }

    public Task<bool> DeleteAsync(OrganizationProfile visible, CancellationToken cancellationToken) => store.DeleteAsync(visible.AccountId, visible.Id, cancellationToken);

    /// <summary>A page of <paramref name="accountId"/>'s profiles (null: every account's, for operators).</summary>
    public async Task<OrganizationProfileListView> ListAsync(string? accountId, int pageSize, string? storeToken, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(accountId, pageSize, storeToken, cancellationToken);
        return new(page.Profiles.Select(OrganizationProfileView.Of).ToList(), Http.PageTokens.Encode(page.ContinuationToken));
    }

    /// <summary>Notes that an order used the profile (idempotent; a profile deleted meanwhile is left alone).</summary>
    public Task RecordOrderAsync(string accountId, string profileId, string orderId, CancellationToken cancellationToken) =>
        store.UpdateAsync(accountId, profileId, p => p with { OrderIds = OrganizationProfileRules.WithOrder(p.OrderIds, orderId) }, cancellationToken);
}
