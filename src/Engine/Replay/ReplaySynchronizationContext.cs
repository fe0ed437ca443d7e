using System.Collections.Concurrent;

namespace SslFlow.Engine.Replay;

/// <summary>
/// Runs every continuation of an orchestration on the replaying thread, in order, so replay is deterministic.
/// A post from another thread (orchestration code awaiting real I/O or Task.Delay) is a determinism bug; it
/// is recorded so the runner can fail the instance with a clear error instead of hanging.
/// </summary>
internal sealed class ReplaySynchronizationContext : SynchronizationContext
{
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly int _threadId = Environment.CurrentManagedThreadId;

    public bool PostedFromOtherThread { get; private set; }

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId != _threadId) PostedFromOtherThread = true;
        _queue.Enqueue((d, state));
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    public void Drain()
    {
        while (_queue.TryDequeue(out var work)) work.Callback(work.State);
    }
}
