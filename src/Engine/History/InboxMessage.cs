namespace SslFlow.Engine.History;

/// <summary>
/// A message waiting for an instance: an event raised, an activity result, a sub-orchestration result, a
/// control request. <see cref="Id"/> is deterministic where the sender may send twice (results carry the
/// generation and task id), so a redelivered message is stored once. <see cref="Sequence"/> is the instance's
/// own arrival order, given by the store in the same guarded write that stores the message (clocks can tie or
/// disagree between hosts; the sequence cannot).
/// </summary>
public sealed record InboxMessage(string Id, long Generation, HistoryEvent Event, DateTime EnqueuedAt, long Sequence = 0);
