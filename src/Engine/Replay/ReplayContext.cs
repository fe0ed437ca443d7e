using SslFlow.Engine.History;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Replay;

/// <summary>
/// The embedded engine's <see cref="IOrchestrationContext"/>. Each scheduling call takes the next step number;
/// during replay the journal must hold the same kind and name at that step, otherwise the instance fails with
/// <see cref="NonDeterministicOrchestrationException"/>. New steps become actions for the engine to commit.
/// </summary>
internal sealed class ReplayContext : IOrchestrationContext
{
    private readonly Dictionary<int, HistoryEvent> _journalSchedules;
    private readonly Dictionary<int, PendingStep> _pending = [];
    private readonly Dictionary<string, LinkedList<EventWaiter>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<(long Arrival, string? Payload)>> _bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
    private long _arrivals;
    private readonly List<HistoryEvent> _newSchedules = [];
    private readonly List<int> _cancelledTimers = [];
    private readonly string? _input;
    private int _nextTaskId;
    private int _newGuidCounter;

    public ReplayContext(string name, string instanceId, string? input, IEnumerable<HistoryEvent> journal)
    {
        Name = name;
        InstanceId = instanceId;
        _input = input;
        _journalSchedules = journal.Where(e => e.IsScheduling).ToDictionary(e => e.TaskId);
    }

    public string Name { get; }
    public string InstanceId { get; }
    public DateTime CurrentUtcDateTime { get; set; }
    public bool IsReplaying { get; set; }
    public string? CustomStatus { get; private set; }
    public string? ContinueAsNewInput { get; private set; }
    public bool ContinueAsNewRequested { get; private set; }
    public bool PreserveUnprocessedEvents { get; private set; }
    public NonDeterministicOrchestrationException? NonDeterminism { get; private set; }
    public IReadOnlyList<HistoryEvent> NewSchedules => _newSchedules;
    public IReadOnlyList<int> CancelledTimers => _cancelledTimers;
    public int StepsScheduled => _nextTaskId;

    /// <summary>True while some step or event wait of this context could still complete the code's await.</summary>
    public bool HasOutstandingWork => _pending.Count > 0 || _waiters.Values.Any(w => w.Count > 0);

    public T? GetInput<T>() => WorkflowJson.Deserialize<T>(_input);

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        var json = await CallWithRetry(name, input, options?.Retry, (n, i) => Schedule(HistoryEventKind.TaskScheduled, n, i, null, null));
        return WorkflowJson.Deserialize<TResult>(json)!;
    }

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, SubOrchestrationOptions? options = null)
    {
        var json = await CallWithRetry(orchestratorName, input, options?.Retry, (n, i) =>
        {
            // The child id is deterministic, so a redelivered start finds the child already there.
            var childId = options?.InstanceId ?? $"{InstanceId}:{_nextTaskId:D4}";
            return Schedule(HistoryEventKind.SubOrchestrationCreated, n, i, null, childId);
        });
        return WorkflowJson.Deserialize<TResult>(json)!;
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var taskId = _nextTaskId;
        var step = Schedule(HistoryEventKind.TimerCreated, "timer", null, DateTime.SpecifyKind(fireAt, DateTimeKind.Utc), null);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (_pending.TryGetValue(taskId, out var p) && p.Completion.TrySetCanceled())
                {
                    _pending.Remove(taskId);
                    _cancelledTimers.Add(taskId);
                }
            });
        }
        return step;
    }

    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        if (_bufferedEvents.TryGetValue(eventName, out var queue) && queue.Count > 0)
        {
            return Task.FromResult(WorkflowJson.Deserialize<T>(queue.Dequeue().Payload)!);
        }
        var waiter = new EventWaiter(new TaskCompletionSource<string?>());
        if (!_waiters.TryGetValue(eventName, out var list)) _waiters[eventName] = list = new LinkedList<EventWaiter>();
        var node = list.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null) list.Remove(node);
                waiter.Completion.TrySetCanceled();
            });
        }
        return Convert<T>(waiter.Completion.Task);
    }

    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var timerCts = new CancellationTokenSource();
        using var eventCts = new CancellationTokenSource();
        var eventTask = WaitForExternalEvent<T>(eventName, eventCts.Token);
        if (eventTask.IsCompleted) return await eventTask;
        var timerTask = CreateTimer(CurrentUtcDateTime + timeout, timerCts.Token);
        var winner = await Task.WhenAny(eventTask, timerTask);
        if (winner == eventTask)
        {
            timerCts.Cancel(); // the losing timer is cancelled, so it never wakes the instance
            return await eventTask;
        }
        eventCts.Cancel(); // the losing wait is removed, so a late event is buffered for the next wait
        throw new TaskCanceledException($"Timed out after {timeout} waiting for external event '{eventName}'.");
    }

    public void SetCustomStatus(object? customStatus) => CustomStatus = WorkflowJson.Serialize(customStatus);

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinueAsNewRequested = true;
        ContinueAsNewInput = WorkflowJson.Serialize(newInput);
        PreserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    /// <summary>Deterministic: a name-based UUID (v5 style) from the instance id, the episode time and a counter.</summary>
    public Guid NewGuid()
    {
        var seed = $"{InstanceId}|{CurrentUtcDateTime.Ticks}|{_newGuidCounter++}";
        var hash = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    // ---- driven by the runner ----

    public void Complete(HistoryEvent e)
    {
        if (!_pending.Remove(e.TaskId, out var step))
        {
            // A result for a cancelled timer (or an abandoned wait) is expected; anything else means the code changed.
            if (e.Kind == HistoryEventKind.TimerFired || _cancelledTimers.Contains(e.TaskId)) return;
            if (e.TaskId >= _nextTaskId)
            {
                Fail(e.TaskId, $"the journal has a {e.Kind} for a step the code did not schedule");
            }
            return;
        }
        switch (e.Kind)
        {
            case HistoryEventKind.TaskCompleted or HistoryEventKind.SubOrchestrationCompleted or HistoryEventKind.TimerFired:
                step.Completion.TrySetResult(e.Payload);
                break;
            case HistoryEventKind.TaskFailed:
                step.Completion.TrySetException(new TaskFailedException(step.Name, e.TaskId, e.Failure!));
                break;
            case HistoryEventKind.SubOrchestrationFailed:
                step.Completion.TrySetException(new SubOrchestrationFailedException(step.Name, e.TaskId, e.Failure!));
                break;
        }
    }

    public void RaiseEvent(string name, string? payload)
    {
        if (_waiters.TryGetValue(name, out var list) && list.First is { } first)
        {
            list.RemoveFirst();
            first.Value.Completion.TrySetResult(payload);
            return;
        }
        if (!_bufferedEvents.TryGetValue(name, out var queue)) _bufferedEvents[name] = queue = new Queue<(long, string?)>();
        queue.Enqueue((_arrivals++, payload));
    }

    /// <summary>Events that arrived but no wait consumed, in arrival order, carried over by ContinueAsNew.</summary>
    public IEnumerable<(string Name, string? Payload)> UnconsumedEvents() =>
        _bufferedEvents.SelectMany(kv => kv.Value.Select(p => (Name: kv.Key, p.Arrival, p.Payload)))
            .OrderBy(e => e.Arrival)
            .Select(e => (e.Name, e.Payload));

    private Task<string?> Schedule(HistoryEventKind kind, string name, object? input, DateTime? fireAt, string? childId)
    {
        var taskId = _nextTaskId++;
        var tcs = new TaskCompletionSource<string?>();
        if (NonDeterminism is not null)
        {
            return tcs.Task; // the instance is failing already; park the code
        }
        if (_journalSchedules.TryGetValue(taskId, out var recorded))
        {
            if (recorded.Kind != kind || !string.Equals(recorded.Name, name, StringComparison.Ordinal))
            {
                Fail(taskId, $"the journal has {Describe(recorded.Kind, recorded.Name)} but the code now asks for {Describe(kind, name)}");
                return tcs.Task;
            }
        }
        else
        {
            _newSchedules.Add(new HistoryEvent(kind, CurrentUtcDateTime, taskId, name, WorkflowJson.Serialize(input), fireAt, InstanceId: childId));
        }
        _pending[taskId] = new PendingStep(name, tcs);
        return tcs.Task;
    }

    private async Task<string?> CallWithRetry(string name, object? input, RetryPolicy? retry, Func<string, object?, Task<string?>> schedule)
    {
        var firstAttemptAt = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await schedule(name, input);
            }
            catch (Exception ex) when (retry is not null && ShouldRetry(retry, ex, attempt, firstAttemptAt))
            {
                await CreateTimer(CurrentUtcDateTime + retry.DelayBefore(attempt), CancellationToken.None);
            }
        }
    }

    private bool ShouldRetry(RetryPolicy retry, Exception ex, int attempt, DateTime firstAttemptAt)
    {
        if (attempt >= retry.MaxNumberOfAttempts) return false;
        if (retry.RetryTimeout is { } timeout && CurrentUtcDateTime - firstAttemptAt >= timeout) return false;
        var details = ex switch
        {
            TaskFailedException t => t.FailureDetails,
            SubOrchestrationFailedException s => s.FailureDetails,
            _ => null,
        };
        return details is not null && (retry.HandleFailure?.Invoke(details) ?? true);
    }

    private void Fail(int step, string detail) =>
        NonDeterminism ??= new NonDeterministicOrchestrationException(Name, step, detail);

    private static string Describe(HistoryEventKind kind, string? name) => kind switch
    {
        HistoryEventKind.TaskScheduled => $"activity '{name}'",
        HistoryEventKind.SubOrchestrationCreated => $"sub-orchestration '{name}'",
        HistoryEventKind.TimerCreated => "a timer",
        _ => kind.ToString(),
    };

    private static async Task<T> Convert<T>(Task<string?> raw) => WorkflowJson.Deserialize<T>(await raw)!;

    private sealed record PendingStep(string Name, TaskCompletionSource<string?> Completion);

    private sealed record EventWaiter(TaskCompletionSource<string?> Completion);
}
