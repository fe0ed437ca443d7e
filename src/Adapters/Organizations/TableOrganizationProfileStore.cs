using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SslFlow.Domain.Organizations;
using SslFlow.Adapters.Tables;
using SslFlow.Contracts.Organizations;

namespace SslFlow.Adapters.Organizations;

/// <summary>
/// Organization profiles in Azure Tables. Table <c>OrganizationProfiles</c>: PartitionKey = account id, so an account's
/// profiles are one partition (its list is one range read, and a profile and its key row change in one transaction).
/// RowKey <c>p-{id}</c> is the profile (JSON), <c>k-{hash of the organization key}</c> points at the profile that has that
/// organization, which makes "one profile per organization and account" atomic: the second add of the key row fails.
/// </summary>
public sealed class TableOrganizationProfileStore(TableServiceClient service, string tablePrefix = "") : IOrganizationProfileStore
{
    private const string ProfilePrefix = "p-";
    private const string KeyPrefix = "k-";
    private readonly TableClient _table = service.GetTableClient(tablePrefix + "OrganizationProfiles");

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<ProfileCreateResult> CreateAsync(OrganizationProfile profile, int maxPerAccount, CancellationToken cancellationToken)
    {
        // The cap is counted, not reserved: two creates at the same moment may pass it by one, which bounds storage just as well.
        if (await ExistingKeyAsync(profile.AccountId, profile.Key, cancellationToken) is { } existing) return new(ProfileCreateOutcome.KeyTaken, existing);
        if (await CountAsync(profile.AccountId, maxPerAccount, cancellationToken) >= maxPerAccount) return new(ProfileCreateOutcome.Full);
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ToEntity(profile)),
            new(TableTransactionActionType.Add, new TableEntity(profile.AccountId, KeyRow(profile.Key)) { ["ProfileId"] = profile.Id, ["Key"] = profile.Key }),
        };
        try
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken);
            return new(ProfileCreateOutcome.Created);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // Another create for the same organization won the race.
            return new(ProfileCreateOutcome.KeyTaken, await ExistingKeyAsync(profile.AccountId, profile.Key, cancellationToken));
        }
    }

    public async Task<OrganizationProfile?> GetAsync(string accountId, string profileId, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(accountId, profileId, cancellationToken);
        return entity is null ? null : FromEntity(entity);
    }

    /// <summary>Across partitions by row key: an operator's look-up, not a customer's path.</summary>
    public async Task<OrganizationProfile?> FindAsync(string profileId, CancellationToken cancellationToken)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {ProfilePrefix + profileId}"), 1, cancellationToken: cancellationToken))
        {
            return FromEntity(entity);
        }
        return null;
    }

    public async Task<OrganizationProfile?> FindByKeyAsync(string accountId, string organizationKey, CancellationToken cancellationToken)
    {
        var id = await ExistingKeyAsync(accountId, organizationKey, cancellationToken);
        return id is null ? null : await GetAsync(accountId, id, cancellationToken);
    }

    public async Task<ProfilePage> ListAsync(string? accountId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {ProfilePrefix} and RowKey lt {"p."}");
        if (accountId is not null) filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and ") + filter;
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return new ProfilePage(page.Values.Select(FromEntity).ToList(), page.ContinuationToken);
        }
        return new ProfilePage([], null);
    }

    public async Task<OrganizationProfile?> UpdateAsync(string accountId, string profileId, Func<OrganizationProfile, OrganizationProfile?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entity = await GetEntityAsync(accountId, profileId, cancellationToken);
            if (entity is null) return null;
            var current = FromEntity(entity);
            var next = change(current);
            if (next is null || next == current) return current;
            if (next.Key != current.Key || next.Id != current.Id || next.AccountId != current.AccountId)
                throw new InvalidOperationException("A profile keeps its id, account and organization key.");
            try
            {
                await _table.UpdateEntityAsync(ToEntity(next), entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return next;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 10)
            {
                // Another writer came between the read and the write: read again and apply the change to its result.
            }
        }
    }

    public async Task<bool> DeleteAsync(string accountId, string profileId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entity = await GetEntityAsync(accountId, profileId, cancellationToken);
            if (entity is null) return false;
            var key = FromEntity(entity).Key;
            var batch = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Delete, entity, entity.ETag),
                new(TableTransactionActionType.Delete, new TableEntity(accountId, KeyRow(key)), ETag.All),
            };
            try
            {
                await _table.SubmitTransactionAsync(batch, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && attempt < 10)
            {
                // Changed or deleted meanwhile: look again.
            }
        }
    }

    private async Task<string?> ExistingKeyAsync(string accountId, string key, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(accountId, KeyRow(key), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("ProfileId") : null;
    }

    private async Task<int> CountAsync(string accountId, int atMost, CancellationToken cancellationToken)
    {
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {ProfilePrefix} and RowKey lt {"p."}");
        await foreach (var _ in _table.QueryAsync<TableEntity>(filter, 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++count >= atMost) break;
        }
        return count;
    }

    private async Task<TableEntity?> GetEntityAsync(string accountId, string profileId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(accountId, ProfilePrefix + profileId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Organization keys hold letters of any script and '|': hashed to a fixed-length, table-safe row key.</summary>
    private static string KeyRow(string key) => KeyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static TableEntity ToEntity(OrganizationProfile p) => new(p.AccountId, ProfilePrefix + p.Id)
    {
        ["Name"] = p.Name,
        ["Key"] = p.Key,
        ["Data"] = JsonSerializer.Serialize(p, TableJson.Options),
    };

    private static OrganizationProfile FromEntity(TableEntity e) => JsonSerializer.Deserialize<OrganizationProfile>(e.GetString("Data")!, TableJson.Options)!;
}
