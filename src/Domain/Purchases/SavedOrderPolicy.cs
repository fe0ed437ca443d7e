namespace SslFlow.Domain.Purchases;

public enum SavedOrderEventKind
{
    /// <summary>Tell the customer the order still waits for its activation details.</summary>
    Reminder,
    /// <summary>The purchase lapses: the order is cancelled and refunded (TO BE REFUNDED → REFUNDED), no CA call.</summary>
    Expiry,
}

public sealed record SavedOrderEvent(SavedOrderEventKind Kind, DateTimeOffset At, int Number);

/// <summary>
/// What happens to a saved (purchased, not activated) order. Choice: reminders 7 and 30 days after purchase and 7 days
/// before the purchase lapses, 90 days after purchase; then it is cancelled and the funds go back (seed 002: the
/// reseller recovers funds on hold by cancelling; an order nobody configures should not hold them for ever). Both are
/// settings (long durations are settings, so tests and demos shorten them).
/// </summary>
public sealed record SavedOrderPolicy(IReadOnlyList<TimeSpan> RemindAfter, TimeSpan ExpireAfter)
{
    public static SavedOrderPolicy Default { get; } = new([TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromDays(83)], TimeSpan.FromDays(90));

    /// <summary>Every reminder before the expiry, in time order, then the expiry (a purchase orchestration waits on each in turn).</summary>
    public IReadOnlyList<SavedOrderEvent> Schedule(DateTimeOffset purchasedAt)
    {
        var events = RemindAfter.Where(r => r > TimeSpan.Zero && r < ExpireAfter).Distinct().Order()
            .Select((r, i) => new SavedOrderEvent(SavedOrderEventKind.Reminder, purchasedAt + r, i + 1)).ToList();
        events.Add(new SavedOrderEvent(SavedOrderEventKind.Expiry, purchasedAt + ExpireAfter, 0));
        return events;
    }

    /// <summary>The next event after <paramref name="now"/> (the expiry once every reminder is past).</summary>
    public SavedOrderEvent Next(DateTimeOffset purchasedAt, DateTimeOffset now) =>
        Schedule(purchasedAt).FirstOrDefault(e => e.At > now) ?? Schedule(purchasedAt)[^1];
}
