using Azure.Data.Tables;
using SslFlow.Engine.Store;

namespace SslFlow.Engine.Tests.Semantics;

/// <summary>The same semantics through real Azure Tables (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableEngineSemanticsTests(AzuriteFixture azurite) : EngineSemanticsTests
{
    protected override IDurableStore CreateStore()
    {
        var store = new TableDurableStore(new TableServiceClient(azurite.ConnectionString), "Hub" + Guid.NewGuid().ToString("N")[..12]);
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return store;
    }
}
