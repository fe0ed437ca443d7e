using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace SslFlow.Vault.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer as it is created, so a test advances the clock exactly
/// when the code under test is waiting (no sleeps, no races with the timer registration).
/// </summary>
public sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();

    public RecordingTimeProvider()
        : base(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _created.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer created; the guard timeout only catches a hung test.</summary>
    public Task<TimeSpan> NextTimerAsync() => _created.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool HasUnobservedTimers => _created.Reader.TryPeek(out _);
}
