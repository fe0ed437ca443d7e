namespace SslFlow.Engine.Tests;

/// <summary>One Azurite for the test assembly, started on a free port with in-memory persistence.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public Task InitializeAsync()
    {
        ConnectionString = Environment.GetEnvironmentVariable("SSLFLOW_TEST_TABLES")
            ?? throw new InvalidOperationException("set SSLFLOW_TEST_TABLES");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
