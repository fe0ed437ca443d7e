using System.Collections.Concurrent;

namespace SslFlow.Contracts.Concurrency;

/// <summary>
/// One async lock per key, for adapters that guard a local resource (the local vault's certificate folders, an nginx
/// site's files). Semaphores are kept for the process lifetime: keys are few and long-lived.
/// </summary>
public sealed class KeyedLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async ValueTask<Releaser> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    /// <summary>Releases the lock on dispose (a struct nested here so the lock and its handle stay together).</summary>
    public readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
