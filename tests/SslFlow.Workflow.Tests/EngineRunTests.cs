using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Ports;
using SslFlow.Activities.Vault;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Engine.Hosting;
using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;
using SslFlow.Workflow.Catalog;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Workflow.Tests;

/// <summary>
/// The real order orchestration and pipeline on the embedded engine (in-memory store, fake clock): journalled
/// sub-orchestration, events raised to the pipeline's instance before, during and out of order of its waits, the cancel
/// raised to both instances, and durable timers (poll and deadline) fired by advancing the clock. Activities are
/// answered in-process; everything else is the engine.
/// </summary>
public sealed class EngineRunTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private const string Ref = "SBX-42";
    private static readonly IssuedCertificate Issued = new("order-ord-e", "v1", "0F", "FF", Start, Start.AddDays(200));

    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryDurableStore _store = new();
    private readonly DurableEngine _engine;
    private readonly ConcurrentQueue<(string Name, string? Json)> _calls = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _called = new();
    private int _submits;
    private Func<int, DateTimeOffset?> _rateLimitedUntil = _ => null;
    private Func<CheckCaOrderInput, CaOrderState> _caState = i => new CaOrderState(Ref, i.Until == CaOrderStatus.Valid ? CaOrderStatus.Valid : CaOrderStatus.Pending);

    public EngineRunTests()
    {
        var registry = new OrchestratorRegistry();
        foreach (var o in WorkflowCatalog.Orchestrations) registry.AddOrchestrator(o.Name, o.Run);
        foreach (var a in WorkflowCatalog.Activities) registry.AddActivity(a.Name, (_, json, _) => Answer(a.Name, json));
        _engine = new DurableEngine(_store, registry, new EmptyServices(), _time, new EngineOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
    }

    private IWorkflowClient Client => _engine.Client;

    private Task<string?> Answer(string name, string? json)
    {
        _calls.Enqueue((name, json));
        var key = name == nameof(NotifyCustomer) ? $"{name}:{WorkflowJson.Deserialize<NotifyCustomerInput>(json)!.Kind}" : name;
        _called.GetOrAdd(key, _ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(json);
        if (name == nameof(SubmitOrder) && _rateLimitedUntil(Interlocked.Increment(ref _submits)) is { } until)
        {
            throw new CaRateLimitedException(until, "urn:ietf:params:acme:error:rateLimited: too many new orders recently");
        }
        object? result = name switch
        {
            nameof(CreateCsr) => new CsrOutput("order-ord-e", "v1", "Q1NS"),
            nameof(SubmitOrder) => new CaSubmission(Ref, [], ValidatesByEvents: true),
            nameof(CheckCaOrder) => _caState(WorkflowJson.Deserialize<CheckCaOrderInput>(json)!),
            nameof(FinalizeOrder) => new CaOrderState(Ref, CaOrderStatus.Processing),
            nameof(DownloadAndMerge) => Issued,
            nameof(Refund) => "refund-e",
            nameof(PublishChallenges) or nameof(RemoveChallenges) => 0,
            _ => true,
        };
        return Task.FromResult(WorkflowJson.Serialize(result));
    }

    /// <summary>Completes when the activity (for emails: of that kind) has been called; a real signal, bounded.</summary>
    private Task Called(string key) =>
        _called.GetOrAdd(key, _ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(30));

    private List<OrderTransition> Transitions() =>
        _calls.Where(c => c.Name == nameof(RecordTransition)).Select(c => WorkflowJson.Deserialize<RecordTransitionInput>(c.Json)!.Transition).ToList();

    private Task<OrchestrationMetadata> Finished(string id) => Client.WaitForInstanceCompletionAsync(id).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>
    /// Waits until the instance sleeps on a durable timer, then returns that timer's time. An activity in flight also makes
    /// the instance due later (its lease, seconds away); the timers here are hours or days away, which tells them apart.
    /// </summary>
    private async Task<DateTimeOffset> IdleOnTimerAsync(string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var change = _engine.WaitForChangeForTests(id, cts.Token);
            var record = await _store.GetAsync(id, cts.Token);
            if (record is { Status: OrchestrationRuntimeStatus.Running } r && r.NextDueAt != Engine.History.InstanceRecord.Never
                && r.NextDueAt - _time.GetUtcNow().UtcDateTime > TimeSpan.FromMinutes(1))
            {
                return new DateTimeOffset(r.NextDueAt, TimeSpan.Zero);
            }
            await change;
            cts.Token.ThrowIfCancellationRequested();
        }
    }

    private async Task<string> StartOrderAsync(string product, TimeSpan poll)
    {
        await _engine.StartAsync();
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(OrderOrchestration),
            new OrderInput("ord-e", product, ["www.example.com"], DcvMethod.Email, "ops@example.com", "sandbox", ValidationPollInterval: poll), "ord-e");
        return OrderOrchestration.IssuanceInstanceId("ord-e");
    }

    private Task RaiseAsync(string instance, string type) => Client.RaiseEventAsync(instance, type, new ValidationEvent(type, Ref));

    [Fact]
    public async Task An_ev_order_completes_with_webhooks_arriving_early_and_out_of_order()
    {
        var pipeline = await StartOrderAsync("ev-single", TimeSpan.FromHours(4));
        await Called($"{nameof(NotifyCustomer)}:{NotificationKind.DcvInstructions}");

        // The CA reports the later checks first; the engine buffers them until their waits.
        await RaiseAsync(pipeline, ValidationEvents.EvChecksCompleted);
        await RaiseAsync(pipeline, ValidationEvents.OrganizationValidated);
        await RaiseAsync(pipeline, ValidationEvents.DcvCompleted);

        var order = await Finished("ord-e");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, order.RuntimeStatus);
        Assert.Equal("ACTIVE", order.ReadOutputAs<OrderResult>()!.Status);
        Assert.Equal([OrderSubStatus.DomainControlValidation, OrderSubStatus.OrganizationChecks, OrderSubStatus.AdditionalEvChecks, OrderSubStatus.None],
            Transitions().Select(t => t.SubStatus));
        Assert.Equal(Start, _time.GetUtcNow()); // no timer had to fire
        Assert.DoesNotContain(_calls, c => c.Name == nameof(CheckCaOrder) && WorkflowJson.Deserialize<CheckCaOrderInput>(c.Json)!.Until == CaOrderStatus.Pending);
    }

    [Fact]
    public async Task A_cancel_raised_to_the_order_and_its_pipeline_at_the_organization_wait_refunds_without_waiting_out_the_grace()
    {
        var pipeline = await StartOrderAsync("ov-single", TimeSpan.FromHours(4));
        await Called($"{nameof(NotifyCustomer)}:{NotificationKind.DcvInstructions}");
        await RaiseAsync(pipeline, ValidationEvents.DcvCompleted);
        await Called($"{nameof(NotifyCustomer)}:{NotificationKind.OrganizationChecks}");

        var cancel = new CancelRequest("found a cheaper one", "customer");
        await Client.RaiseEventAsync("ord-e", OrderEvents.Cancel, cancel);
        await Client.RaiseEventAsync(pipeline, OrderEvents.Cancel, cancel);

        var order = await Finished("ord-e");
        Assert.Equal(("REFUNDED", "found a cheaper one"), (order.ReadOutputAs<OrderResult>()!.Status, order.ReadOutputAs<OrderResult>()!.Error));
        var child = await Finished(pipeline);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child.RuntimeStatus);
        Assert.True(child.FailureDetails!.IsCausedBy<IssuanceCancelledException>());
        Assert.Equal([OrderStatus.ActivationInProgress, OrderStatus.ActivationInProgress, OrderStatus.ToBeRefunded, OrderStatus.Refunded], Transitions().Select(t => t.To));
        Assert.Contains(_calls, c => c.Name == nameof(CancelCaOrder) && WorkflowJson.Deserialize<CancelCaOrderInput>(c.Json)!.CaReference == Ref);
        Assert.DoesNotContain(_calls, c => c.Name == nameof(FinalizeOrder));
        Assert.Equal(Start, _time.GetUtcNow()); // the pipeline confirmed: the 10-minute grace timer never had to fire
    }

    [Fact]
    public async Task A_lost_webhook_is_found_by_the_poll_and_an_organization_check_never_done_times_out_at_its_deadline()
    {
        var poll = TimeSpan.FromDays(12);
        _caState = i => new CaOrderState(Ref, i.Until == CaOrderStatus.Valid ? CaOrderStatus.Valid : CaOrderStatus.Pending, null, [ValidationEvents.DcvCompleted]);
        var pipeline = await StartOrderAsync("ov-single", poll);

        // DCV: the webhook never comes; the first poll finds it done.
        var wake = await IdleOnTimerAsync(pipeline);
        Assert.Equal(Start + poll, wake);
        _time.SetUtcNow(wake);
        await Called($"{nameof(NotifyCustomer)}:{NotificationKind.OrganizationChecks}");

        // Organization checks never finish: polls at +12 d and +24 d, then the 30-day step deadline.
        var stepStart = wake;
        var deadline = ProductCatalog.Get("ov-single").Plan.DeadlineFor(1, stepStart, Start);
        for (var expected = stepStart + poll; ; expected = expected + poll < deadline ? expected + poll : deadline)
        {
            wake = await IdleOnTimerAsync(pipeline);
            Assert.Equal(expected < deadline ? expected : deadline, wake);
            _time.SetUtcNow(wake);
            if (wake == deadline) break;
        }

        var order = await Finished("ord-e");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, order.RuntimeStatus);
        var error = Transitions().Single(t => t.To == OrderStatus.ActivationError);
        Assert.Equal(TransitionCauseKind.TimedOut, error.Cause);
        Assert.Contains("Organization validation was not completed", error.Detail);
        Assert.Equal(OrderStatus.Refunded, Transitions()[^1].To);
        Assert.Equal(3, _calls.Count(c => c.Name == nameof(CheckCaOrder)));
    }

    [Fact]
    public async Task A_rate_limited_submission_sleeps_on_a_durable_timer_until_the_cas_retry_time_then_goes_on()
    {
        var retryAt = Start.AddMinutes(47);
        _rateLimitedUntil = attempt => attempt == 1 ? retryAt : null;
        var pipeline = await StartOrderAsync("dv-single", TimeSpan.FromHours(4));

        var wake = await IdleOnTimerAsync(pipeline);
        Assert.Equal(retryAt, wake);
        Assert.Equal(1, _submits); // not retried at once by the transient policy
        var status = (await Client.GetInstanceAsync(pipeline))!.ReadCustomStatusAs<OrderProgress>()!.WaitingFor;
        Assert.Contains("rate limit", status);
        _time.SetUtcNow(wake);

        await Called($"{nameof(NotifyCustomer)}:{NotificationKind.DcvInstructions}");
        Assert.Equal(2, _submits);
        await RaiseAsync(pipeline, ValidationEvents.DcvCompleted);
        Assert.Equal("ACTIVE", (await Finished("ord-e")).ReadOutputAs<OrderResult>()!.Status);
    }

    public async ValueTask DisposeAsync() => await _engine.DisposeAsync();

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
