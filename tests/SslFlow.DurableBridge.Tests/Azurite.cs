using SslFlow.DevStack;

namespace SslFlow.DurableBridge.Tests;

/// <summary>
/// One Azurite (blobs, queues, tables, in memory) shared by the test classes that run at the same time: each class
/// holds it through a class fixture, the last one out stops it. Classes run in parallel (each is its own collection),
/// which matters because every test waits on real queue polling and lease timing, not on the CPU.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteRunner? _shared;
    private static int _holders;

    public string ConnectionString => _shared?.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _shared ??= await AzuriteRunner.StartAllServicesAsync();
            _holders++;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--_holders == 0 && _shared is not null)
            {
                await _shared.DisposeAsync();
                _shared = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
