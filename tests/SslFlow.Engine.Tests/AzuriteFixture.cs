using SslFlow.DevStack;

namespace SslFlow.Engine.Tests;

/// <summary>One real Azurite (Table service, in memory) for the test assembly, on a free port.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteRunner? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    public async Task InitializeAsync() => _azurite = await AzuriteRunner.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
