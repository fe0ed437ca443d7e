using System.Security.Cryptography;
using Azure.Data.Tables;
using SslFlow.Adapters.Organizations;
using SslFlow.DevStack;

namespace SslFlow.Application.Tests.Organizations;

/// <summary>One Azurite (tables only) for the class; each test gets a store on its own table, so tests share no data.</summary>
public sealed class ProfileStoreFixture : IAsyncLifetime
{
    private AzuriteRunner? _azurite;

    public async Task InitializeAsync() => _azurite = await AzuriteRunner.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    public async Task<TableOrganizationProfileStore> NewStoreAsync()
    {
        var store = new TableOrganizationProfileStore(new TableServiceClient(_azurite!.ConnectionString), "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)));
        await store.EnsureCreatedAsync();
        return store;
    }
}
