using System.Reflection;
using Microsoft.DurableTask;
using Moq;
using SslFlow.Activities.Notifications;
using SslFlow.Contracts.Notifications;

namespace SslFlow.Workflow.Tests.Harness;

/// <summary>
/// A strict Moq of the SDK's <see cref="TaskOrchestrationContext"/> with Durable's event semantics and a simulated clock.
/// <list type="bullet">
/// <item>Events: an event goes to the newest waiter of its name (names are case-insensitive); with no waiter it is
/// buffered and the next wait takes it at once. An event that reaches a cancelled waiter is buffered for the next wait
/// (Worker ≥ 1.27), not handed to an older waiter.</item>
/// <item>Timers fire at once and move the clock to their fire time, unless <see cref="HoldTimers"/> keeps them pending.</item>
/// <item>Activities and sub-orchestrations answer through <see cref="On"/> handlers, which may raise events (as a CA's
/// webhook would) or throw <see cref="TaskFailedException"/> (which is also how the SDK reports a failed sub-orchestration).</item>
/// </list>
/// The orchestrations call the SDK's convenience overloads (the non-generic CallActivityAsync, for one); those are virtual
/// and forward to the abstract members, so they are set up to call the base and the abstract members carry the script.
/// </summary>
public sealed class ScriptedContext
{
    private readonly Dictionary<string, Queue<string?>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<object?, object?>> _handlers = new(StringComparer.Ordinal);

    public ScriptedContext(string instanceId, DateTime start)
    {
        Now = start;
        Mock.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
        Mock.SetupGet(c => c.InstanceId).Returns(instanceId);
        Mock.SetupGet(c => c.IsReplaying).Returns(false);
        Mock.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback((object? s) => Statuses.Add(s));
        Mock.Setup(c => c.SendEvent(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object>()))
            .Callback((string instance, string name, object payload) => SentEvents.Add((instance, name, payload)));
        Mock.Setup(c => c.CallActivityAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).CallBase();
        Mock.Setup(c => c.CallActivityAsync<It.IsAnyType>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(new InvocationFunc(inv => Run(inv.Method.GetGenericArguments()[0], ((TaskName)inv.Arguments[0]!).Name, inv.Arguments[1], (TaskOptions?)inv.Arguments[2], sub: false)));
        Mock.Setup(c => c.CallSubOrchestratorAsync<It.IsAnyType>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(new InvocationFunc(inv =>
            {
                var name = ((TaskName)inv.Arguments[0]!).Name;
                SubOrchestrations.Add((name, inv.Arguments[1], inv.Arguments[2] as SubOrchestrationOptions));
                return Run(inv.Method.GetGenericArguments()[0], name, inv.Arguments[1], null, sub: true);
            }));
        Mock.Setup(c => c.WaitForExternalEvent<It.IsAnyType>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(new InvocationFunc(inv => Wait(inv.Method.GetGenericArguments()[0], (string)inv.Arguments[0]!, (CancellationToken)inv.Arguments[1]!)));
        Mock.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()))
            .Callback((object? input, bool preserve) => ContinuedAsNew.Add((input, preserve)));
        Mock.Setup(c => c.CreateTimer(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).CallBase();
        Mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime fireAt, CancellationToken token) => Timer(fireAt, token));
    }

    public Mock<TaskOrchestrationContext> Mock { get; } = new(MockBehavior.Strict);

    public TaskOrchestrationContext Object => Mock.Object;

    public DateTime Now { get; private set; }

    /// <summary>Moves the clock as time passing inside an activity would (the next replayed event carries a later time).</summary>
    public void Advance(TimeSpan by) => Now += by;

    /// <summary>Every activity call, in order, with its input and options.</summary>
    public List<(string Name, object? Input, TaskOptions? Options)> Calls { get; } = [];

    public List<(string Name, object? Input, SubOrchestrationOptions? Options)> SubOrchestrations { get; } = [];

    /// <summary>Events the orchestration sent to other instances (<see cref="TaskOrchestrationContext.SendEvent"/>).</summary>
    public List<(string InstanceId, string Name, object Payload)> SentEvents { get; } = [];

    public List<DateTime> Timers { get; } = [];

    /// <summary>Each <see cref="TaskOrchestrationContext.ContinueAsNew(object?, bool)"/>: the next generation's input and whether unprocessed events are kept.</summary>
    public List<(object? Input, bool PreserveUnprocessedEvents)> ContinuedAsNew { get; } = [];

    public List<object?> Statuses { get; } = [];

    /// <summary>
    /// Workers before 1.27 lose an event that reaches a cancelled waiter instead of buffering it; true models them, so a
    /// test can show the orchestration does not depend on which worker runs it.
    /// </summary>
    public bool DropEventsAtCancelledWaiters { get; set; }

    /// <summary>When true for a fire time, the timer stays pending (a wait that the test resolves otherwise).</summary>
    public Func<DateTime, bool> HoldTimers { get; set; } = _ => false;

    public IEnumerable<string> Names => Calls.Select(c => c.Name);

    public IEnumerable<T> Inputs<T>(string name) => Calls.Where(c => c.Name == name).Select(c => c.Input).OfType<T>();

    public IEnumerable<NotifyCustomerInput> Emails => Inputs<NotifyCustomerInput>(nameof(NotifyCustomer));

    /// <summary>Answers an activity (or sub-orchestration) by name; the result is converted to what the caller asked for.</summary>
    public ScriptedContext On(string name, Func<object?, object?> handler)
    {
        _handlers[name] = handler;
        return this;
    }

    public ScriptedContext On(string name, object? result) => On(name, _ => result);

    /// <summary>Raises an event as Durable delivers it: to the newest waiter; buffered when there is none or that one was cancelled (see <see cref="DropEventsAtCancelledWaiters"/>).</summary>
    public void Raise(string name, object? payload)
    {
        var json = WorkflowJson.Serialize(payload);
        if (_waiters.TryGetValue(name, out var stack) && stack.Count > 0)
        {
            var newest = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            if (newest.TrySetResult(json) || DropEventsAtCancelledWaiters) return;
            // It was cancelled: the event is kept for the next wait, never handed to an older waiter.
        }
        if (!_buffered.TryGetValue(name, out var queue)) _buffered[name] = queue = new Queue<string?>();
        queue.Enqueue(json);
    }

    /// <summary>Waiters of this name that are still listening.</summary>
    public int WaitersFor(string name) => _waiters.TryGetValue(name, out var stack) ? stack.Count(w => !w.Task.IsCompleted) : 0;

    public int BufferedFor(string name) => _buffered.TryGetValue(name, out var queue) ? queue.Count : 0;

    /// <summary>An activity's failure as the SDK throws it into the orchestration.</summary>
    public static TaskFailedException Failure(string activity, Exception cause) =>
        new(activity, 1, TaskFailureDetails.FromException(cause));

    private object Run(Type resultType, string name, object? input, TaskOptions? options, bool sub)
    {
        if (!sub) Calls.Add((name, input, options));
        object? result;
        try
        {
            result = _handlers.TryGetValue(name, out var handler) ? handler(input) : Default(resultType);
        }
        catch (Exception ex)
        {
            return FromException(resultType, ex);
        }
        if (result is Task pending) return Convert(resultType, pending);
        return FromResult(resultType, result is null || resultType.IsInstanceOfType(result) ? result : System.Text.Json.JsonSerializer.Deserialize(WorkflowJson.Serialize(result)!, resultType, WorkflowJson.Options));
    }

    private object Wait(Type type, string name, CancellationToken token)
    {
        if (_buffered.TryGetValue(name, out var queue) && queue.Count > 0) return Convert(type, Task.FromResult(queue.Dequeue()), json: true);
        var tcs = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(name, out var stack)) _waiters[name] = stack = [];
        stack.Add(tcs);
        // As in the SDK, a cancelled waiter stays where it is until an event reaches it.
        if (token.CanBeCanceled) token.Register(() => tcs.TrySetCanceled());
        return Convert(type, tcs.Task, json: true);
    }

    private Task Timer(DateTime fireAt, CancellationToken token)
    {
        Timers.Add(fireAt);
        if (HoldTimers(fireAt))
        {
            var tcs = new TaskCompletionSource();
            token.Register(() => tcs.TrySetCanceled());
            return tcs.Task;
        }
        if (fireAt > Now) Now = fireAt;
        return Task.CompletedTask;
    }

    private static object? Default(Type type) =>
        type == typeof(bool) ? true : type.IsValueType && type != typeof(void) ? Activator.CreateInstance(type) : null;

    private static object FromResult(Type type, object? value) =>
        typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(type).Invoke(null, [value])!;

    private static object FromException(Type type, Exception ex) =>
        typeof(Task).GetMethods().Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethod).MakeGenericMethod(type).Invoke(null, [ex])!;

    /// <summary>A pending handler result (Task or Task&lt;X&gt;) or an event's JSON (<paramref name="json"/>) becomes a Task of the asked type.</summary>
    private static object Convert(Type type, Task pending, bool json = false) =>
        typeof(ScriptedContext).GetMethod(nameof(ConvertAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, [pending, json])!;

    private static async Task<T> ConvertAsync<T>(Task pending, bool json)
    {
        await pending;
        var value = pending.GetType().IsGenericType ? pending.GetType().GetProperty("Result")!.GetValue(pending) : null;
        return value switch
        {
            null => default!,
            string payload when json => WorkflowJson.Deserialize<T>(payload)!, // events travel as JSON, as with the SDK's data converter
            T t => t,
            _ => WorkflowJson.Deserialize<T>(WorkflowJson.Serialize(value))!,
        };
    }
}
