using System.Diagnostics.Metrics;
using Microsoft.DurableTask;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Vault;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Workflow.Telemetry;
using SslFlow.Workflow.Tests.Harness;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Tests;

/// <summary>An orchestration that ends failed is counted once on <c>sslflow.orchestrations.failed</c>, tagged with its name, and never on replay.</summary>
public sealed class WorkflowMetricsTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly OrderInput Order = new("ord-3", "ov-single", ["www.example.com"], DcvMethod.Email, "ops@example.com", "sandbox");

    /// <summary>Tests run in parallel and other tests fail orchestrations too: only measurements made in this test's async flow count.</summary>
    private static readonly AsyncLocal<List<string>?> Recorded = new();

    private static List<string> Listen(out MeterListener listener)
    {
        var recorded = new List<string>();
        Recorded.Value = recorded;
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == WorkflowMetrics.MeterName && instrument.Name == WorkflowMetrics.OrchestrationsFailed) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == WorkflowMetrics.OrchestrationTag && value == 1) Recorded.Value?.Add((string)tag.Value!);
            }
        });
        listener.Start();
        return recorded;
    }

    private static ScriptedContext Context(Func<object?, object?> pipeline, bool replaying = false)
    {
        var ctx = new ScriptedContext("ord-3", Start) { HoldTimers = _ => true };
        ctx.On(nameof(Refund), "refund-1").On(nameof(IssueCertificateOrchestration), pipeline);
        ctx.Mock.SetupGet(c => c.IsReplaying).Returns(replaying);
        return ctx;
    }

    private static TaskFailedException PipelineFailed(Exception cause) => new(nameof(IssueCertificateOrchestration), 1, TaskFailureDetails.FromException(cause));

    [Fact]
    public async Task An_activation_error_ends_the_order_failed_and_is_counted_once_with_the_orchestrator_name()
    {
        var recorded = Listen(out var listener);
        using (listener)
        {
            var ctx = Context(_ => throw PipelineFailed(new CaOrderFailedException("rejected")));
            await Assert.ThrowsAsync<TaskFailedException>(() => new OrderOrchestration().RunAsync(ctx.Object, Order));
        }
        Assert.Equal([nameof(OrderOrchestration)], recorded);
    }

    [Fact]
    public async Task A_replay_of_the_failing_episode_counts_nothing()
    {
        var recorded = Listen(out var listener);
        using (listener)
        {
            var ctx = Context(_ => throw PipelineFailed(new CaOrderFailedException("rejected")), replaying: true);
            await Assert.ThrowsAsync<TaskFailedException>(() => new OrderOrchestration().RunAsync(ctx.Object, Order));
        }
        Assert.Empty(recorded);
    }

    [Fact]
    public async Task Handled_endings_count_nothing()
    {
        var recorded = Listen(out var listener);
        using (listener)
        {
            var issued = new IssuedCertificate("order-ord-3", "v1", "0A", "A", Start, Start.AddDays(90));
            Assert.Equal("ACTIVE", (await new OrderOrchestration().RunAsync(Context(_ => issued).Object, Order)).Status);
            var cancelled = Context(_ => throw PipelineFailed(new IssuanceCancelledException("changed my mind")));
            Assert.Equal("REFUNDED", (await new OrderOrchestration().RunAsync(cancelled.Object, Order)).Status);
        }
        Assert.Empty(recorded);
    }

    [Fact]
    public async Task An_unhandled_failure_of_any_orchestrator_is_counted_under_its_own_name()
    {
        var recorded = Listen(out var listener);
        using (listener)
        {
            var ctx = new ScriptedContext("ord-3:issue:0", Start);
            ctx.On(nameof(CreateCsr), _ => throw ScriptedContext.Failure(nameof(CreateCsr), new InvalidOperationException("vault down")));
            await Assert.ThrowsAsync<TaskFailedException>(() => new IssueCertificateOrchestration().RunAsync(ctx.Object,
                new IssueCertificateInput("ord-3", 0, "acme", "dv-single", ["www.example.com"], DcvMethod.Http01, null, "order-ord-3", KeyAlgorithm.EcP256, 100)));
        }
        Assert.Equal([nameof(IssueCertificateOrchestration)], recorded);
    }

    [Fact]
    public async Task A_pipeline_stopped_by_a_cancel_reports_it_to_its_parent_without_counting_a_failure()
    {
        var recorded = Listen(out var listener);
        using (listener)
        {
            var ctx = new ScriptedContext("ord-3:issue:0", Start);
            ctx.Raise(OrderEvents.Cancel, new CancelRequest("changed my mind", "customer"));
            await Assert.ThrowsAsync<IssuanceCancelledException>(() => new IssueCertificateOrchestration().RunAsync(ctx.Object,
                new IssueCertificateInput("ord-3", 0, "acme", "dv-single", ["www.example.com"], DcvMethod.Http01, null, "order-ord-3", KeyAlgorithm.EcP256, 100)));
        }
        Assert.Empty(recorded);
    }
}
