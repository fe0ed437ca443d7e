using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Engine.History;
using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Hosting;

/// <summary>
/// The embedded durable engine: finds due instances, replays them, commits each episode atomically, then
/// dispatches the episode's outbound tasks (activities, child starts, parent notifications). It knows nothing
/// of what the orchestrations do.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    private readonly IDurableStore _store;
    private readonly OrchestratorRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, bool> _inFlight = new(StringComparer.Ordinal);
    // Ids waiting in _ready: a backlog must not queue the same instance again on every poll (each extra entry costs a lock attempt).
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WorkTask> _runningTasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _orchestrationSlots;
    private readonly SemaphoreSlim _activitySlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly List<Task> _loops = [];
    private readonly ConcurrentDictionary<Task, bool> _activityRuns = new();
    private readonly ConcurrentDictionary<Task, bool> _episodes = new();
    private readonly ConcurrentDictionary<string, byte> _renewing = new(StringComparer.Ordinal);

    public DurableEngine(IDurableStore store, OrchestratorRegistry registry, IServiceProvider services, TimeProvider? time = null, EngineOptions? options = null, ILogger<DurableEngine>? logger = null)
    {
        _store = store;
        _registry = registry;
        _services = services;
        _time = time ?? TimeProvider.System;
        _options = options ?? new EngineOptions();
        _logger = logger ?? NullLogger<DurableEngine>.Instance;
        _orchestrationSlots = new SemaphoreSlim(_options.MaxConcurrentOrchestrations);
        _activitySlots = new SemaphoreSlim(_options.MaxConcurrentActivities);
        Client = new EngineWorkflowClient(store, this, _time);
    }

    public IWorkflowClient Client { get; }

    internal IDurableStore Store => _store;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _store.RepairDueIndexAsync(cancellationToken);
        _loops.Add(Task.Run(PollLoop));
        _loops.Add(Task.Run(DispatchLoop));
    }

    /// <summary>
    /// Graceful stop: no new work is taken (no polling, no new episodes, no new dispatches); episodes already
    /// running commit; running activities get <see cref="EngineOptions.ShutdownGrace"/> to finish and deliver their
    /// result, then are cancelled and abandoned: their lease runs out and whichever host runs next dispatches them again.
    /// </summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _ready.Writer.TryComplete();
        await Quietly(Task.WhenAll(_loops));
        await Quietly(Task.WhenAll(_episodes.Keys.ToArray()));
        var running = Task.WhenAll(_activityRuns.Keys.ToArray());
        await Quietly(running.WaitAsync(_options.ShutdownGrace)); // wall-clock grace: it bounds the process shutdown, not workflow time
        if (!running.IsCompleted)
        {
            _logger.LogInformation("Shutdown: abandoning {Count} running activities for redelivery", _activityRuns.Count);
            _abandon.Cancel();
            // An activity that ignores its cancellation token must not hold the process: stop waiting after one more grace.
            await Quietly(running.WaitAsync(_options.ShutdownGrace));
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Shutdown waits for work to end; its failures were logged where they happened.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        _abandon.Dispose();
    }

    /// <summary>Asks for an instance to be processed now (in-process producers call this so there is no poll latency).</summary>
    public void Signal(string instanceId)
    {
        if (!_stopping.IsCancellationRequested) Enqueue(instanceId);
    }

    /// <summary>
    /// Queues an instance once: while it waits in the queue, another request adds nothing, because the episode it gets
    /// reads the store when it runs and so sees whatever the later request was about.
    /// </summary>
    private void Enqueue(string instanceId)
    {
        if (_queued.TryAdd(instanceId, 0) && !_ready.Writer.TryWrite(instanceId)) _queued.TryRemove(instanceId, out _);
    }

    /// <summary>Completes when the instance's row changes in this process (or after <paramref name="fallback"/>, for changes made by other hosts).</summary>
    internal Task WaitForChangeAsync(string instanceId, TimeSpan fallback, CancellationToken cancellationToken)
    {
        var tcs = _changed.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return tcs.Task.WaitAsync(fallback, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>For tests and the status API: completes at the next change of the instance made in this process.</summary>
    public Task WaitForChangeForTests(string instanceId, CancellationToken cancellationToken) =>
        WaitForChangeAsync(instanceId, TimeSpan.FromSeconds(1), cancellationToken);

    private void NotifyChanged(string instanceId)
    {
        if (_changed.TryRemove(instanceId, out var tcs)) tcs.TrySetResult();
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private async Task PollLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                foreach (var id in await _store.GetDueAsync(Now, 200, _stopping.Token))
                {
                    if (!_inFlight.ContainsKey(id)) Enqueue(id);
                }
                await Task.Delay(_options.PollInterval, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Polling the due index failed; retrying");
                await Task.Delay(_options.PollInterval).ConfigureAwait(false);
            }
        }
    }

    private async Task DispatchLoop()
    {
        await foreach (var id in _ready.Reader.ReadAllAsync())
        {
            _queued.TryRemove(id, out _); // from here on a new request queues it again (and reruns it if it is in flight)
            // One episode per instance at a time in this process; a signal during a run asks for one more run.
            if (!_inFlight.TryAdd(id, false))
            {
                _inFlight[id] = true;
                continue;
            }
            await _orchestrationSlots.WaitAsync();
            if (_stopping.IsCancellationRequested)
            {
                _orchestrationSlots.Release();
                _inFlight.TryRemove(id, out _);
                break;
            }
            var episode = Task.Run(async () =>
            {
                try
                {
                    do
                    {
                        _inFlight[id] = false;
                        await ProcessInstanceAsync(id);
                    }
                    while (_inFlight.TryGetValue(id, out var again) && again && !_stopping.IsCancellationRequested);
                }
                finally
                {
                    _inFlight.TryRemove(id, out _);
                    _orchestrationSlots.Release();
                }
            });
            _episodes.TryAdd(episode, true);
            _ = episode.ContinueWith(t => _episodes.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    internal async Task ProcessInstanceAsync(string instanceId)
    {
        for (var attempt = 0; attempt < 5 && !_stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                if (await TryProcessOnceAsync(instanceId)) return;
            }
            catch (StoreConcurrencyException)
            {
                continue; // a message arrived or another host moved: load again
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                _logger.LogError(ex, "Processing instance {InstanceId} failed; it will be retried when its lock expires", instanceId);
                return;
            }
        }
    }

    private async Task<bool> TryProcessOnceAsync(string instanceId)
    {
        var now = Now;
        var snap = await _store.TryLockAsync(instanceId, _options.Owner, now, now + _options.InstanceLockDuration, CancellationToken.None);
        if (snap is null) return true;
        var plan = EpisodePlanner.Plan(snap, _registry, now, _options, _runningTasks);
        await _store.CommitAsync(snap, plan.Commit, CancellationToken.None);
        NotifyChanged(instanceId);
        if (plan.Commit.Instance.IsTerminal && !snap.Instance.IsTerminal)
        {
            _logger.LogInformation("Orchestration {Name} {InstanceId} ended {Status}", snap.Instance.Name, instanceId, plan.Commit.Instance.Status);
        }
        foreach (var task in plan.Dispatch) StartTask(instanceId, task);
        if (plan.Commit.Instance.NextDueAt <= Now) Signal(instanceId);
        return true;
    }

    private void StartTask(string instanceId, WorkTask task)
    {
        // Stopping: the task stays committed with its lease and is dispatched again by the next host to run.
        if (_stopping.IsCancellationRequested) return;
        var runKey = $"{instanceId}|{task.Key}";
        if (!_runningTasks.TryAdd(runKey, task)) return;
        var run = Task.Run(async () =>
        {
            try
            {
                await RunTaskAsync(instanceId, task);
            }
            catch (Exception ex)
            {
                // Delivery failed (store unreachable): the lease expires and the task is dispatched again.
                _logger.LogWarning(ex, "Task {Task} of {InstanceId} was not delivered; it will be redelivered", task.Name, instanceId);
            }
            finally
            {
                _runningTasks.TryRemove(runKey, out _);
            }
        });
        _activityRuns.TryAdd(run, true);
        _ = run.ContinueWith(t => _activityRuns.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task RunTaskAsync(string instanceId, WorkTask task)
    {
        switch (task.Kind)
        {
            case WorkTaskKind.Activity:
                await RunActivityAsync(instanceId, task);
                break;

            case WorkTaskKind.StartSubOrchestration:
                var childId = task.TargetInstanceId!;
                try
                {
                    await CreateInstanceAsync(task.Name, childId, task.Input, instanceId, task.TaskId, task.Generation, CancellationToken.None);
                }
                catch (InstanceAlreadyExistsException)
                {
                    // Redelivered start: the child exists already.
                }
                await _store.DeleteTaskAsync(instanceId, task.Key, CancellationToken.None);
                break;

            case WorkTaskKind.NotifyParent:
                var parent = task.TargetInstanceId!;
                await _store.SendAsync(parent, new InboxMessage($"c-{task.Generation}-{task.TaskId}", task.Generation, task.Message!, Now), CancellationToken.None);
                Signal(parent);
                await _store.DeleteTaskAsync(instanceId, task.Key, CancellationToken.None);
                break;
        }
    }

    private async Task RunActivityAsync(string instanceId, WorkTask task)
    {
        // Until its result is stored, the lease is renewed every third of its length, so a host sharing the store
        // never takes a long (or queued) activity for abandoned and runs it a second time at once.
        var period = _options.ActivityLease / 3;
        using var renewal = _time.CreateTimer(_ => RenewLease(instanceId, task), null, period, period);
        await _activitySlots.WaitAsync(_abandon.Token);
        HistoryEvent result;
        try
        {
            var output = await _registry.GetActivity(task.Name)(_services, task.Input, _abandon.Token);
            result = new HistoryEvent(HistoryEventKind.TaskCompleted, Now, task.TaskId, task.Name, output);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            return; // abandoned at shutdown: the lease is no longer renewed and the task is redelivered when it ends
        }
        catch (Exception ex)
        {
            result = new HistoryEvent(HistoryEventKind.TaskFailed, Now, task.TaskId, task.Name, Failure: TaskFailureDetails.FromException(ex));
        }
        finally
        {
            _activitySlots.Release();
        }
        await _store.SendAsync(instanceId, new InboxMessage($"r-{task.Generation}-{task.TaskId}", task.Generation, result, Now), CancellationToken.None);
        Signal(instanceId);
    }

    private void RenewLease(string instanceId, WorkTask task)
    {
        var key = $"{instanceId}|{task.Key}";
        if (!_renewing.TryAdd(key, 0)) return; // the previous renewal is still being written
        _ = Task.Run(async () =>
        {
            try
            {
                await _store.RenewTaskLeaseAsync(instanceId, task.Key, Now + _options.ActivityLease, CancellationToken.None);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Renewing the lease of {Task} for {InstanceId} failed; it is retried at the next period", task.Name, instanceId);
            }
            finally
            {
                _renewing.TryRemove(key, out _);
            }
        });
    }

    internal async Task CreateInstanceAsync(string name, string instanceId, string? input, string? parentId, int parentTaskId, long parentGeneration, CancellationToken cancellationToken)
    {
        if (!_registry.HasOrchestrator(name)) throw new ArgumentException($"No orchestration named '{name}' is registered.", nameof(name));
        var now = Now;
        var record = new InstanceRecord(instanceId, name, OrchestrationRuntimeStatus.Pending, now, now, input, null, null, null,
            Generation: 0, HistoryCount: 0, NextDueAt: now, LockedBy: null, LockedUntil: DateTime.MinValue,
            ParentInstanceId: parentId, ParentTaskId: parentTaskId, ParentGeneration: parentGeneration);
        var start = new InboxMessage("start-0", 0, new HistoryEvent(HistoryEventKind.ExecutionStarted, now, Name: name, Payload: input), now);
        await _store.CreateAsync(record, start, cancellationToken);
        Signal(instanceId);
    }
}
