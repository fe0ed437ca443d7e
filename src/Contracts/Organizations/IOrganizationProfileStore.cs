using SslFlow.Domain.Organizations;

namespace SslFlow.Contracts.Organizations;

public enum ProfileCreateOutcome
{
    Created,
    /// <summary>The account has a profile for the same organization (<see cref="OrganizationProfiles.KeyOf"/>) already.</summary>
    KeyTaken,
    /// <summary>The account keeps <see cref="OrganizationProfileRules.MaxPerAccount"/> profiles already.</summary>
    Full,
}

/// <param name="ExistingId">For <see cref="ProfileCreateOutcome.KeyTaken"/>: the profile that has the organization.</param>
public sealed record ProfileCreateResult(ProfileCreateOutcome Outcome, string? ExistingId = null);

public sealed record ProfilePage(IReadOnlyList<OrganizationProfile> Profiles, string? ContinuationToken);

/// <summary>
/// Organization profiles, kept per account. An account has at most one profile per organization key, which the store
/// enforces atomically with the profile (two creates racing for the same organization: one wins, the other is told which).
/// </summary>
public interface IOrganizationProfileStore
{
    Task<ProfileCreateResult> CreateAsync(OrganizationProfile profile, int maxPerAccount, CancellationToken cancellationToken);

    /// <summary>The account's profile, or null (missing, or another account's).</summary>
    Task<OrganizationProfile?> GetAsync(string accountId, string profileId, CancellationToken cancellationToken);

    /// <summary>A profile of any account (operators).</summary>
    Task<OrganizationProfile?> FindAsync(string profileId, CancellationToken cancellationToken);

    /// <summary>The account's profile for the organization with this key, or null.</summary>
    Task<OrganizationProfile?> FindByKeyAsync(string accountId, string organizationKey, CancellationToken cancellationToken);

    /// <summary>One account's profiles, or every account's (null; operators).</summary>
    Task<ProfilePage> ListAsync(string? accountId, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>
    /// Reads, changes and writes the profile, again from the read when another writer came between (optimistic
    /// concurrency). <paramref name="change"/> returns null to leave it as it is and must keep its key. Returns the
    /// profile as stored, or null when there is none.
    /// </summary>
    Task<OrganizationProfile?> UpdateAsync(string accountId, string profileId, Func<OrganizationProfile, OrganizationProfile?> change, CancellationToken cancellationToken);

    /// <summary>Deletes the profile; false when there was none.</summary>
    Task<bool> DeleteAsync(string accountId, string profileId, CancellationToken cancellationToken);
}
