using System.Diagnostics.Metrics;
using Moq;
using SslFlow.Application.Telemetry;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Orders;

namespace SslFlow.Functions.Tests.Telemetry;

/// <summary>The order metrics hook: counts each applied change once (activities re-run), time to issue, activation errors.</summary>
public sealed class InstrumentedOrderStoreTests : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> measurements = [];
    private readonly string orderId = "ord-" + Guid.NewGuid().ToString("N")[..8];

    public InstrumentedOrderStoreTests()
    {
        this.listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == SslFlowMetrics.MeterName) l.EnableMeasurementEvents(instrument); };
        this.listener.SetMeasurementEventCallback<long>((i, v, t, _) => this.Add(i.Name, v, t));
        this.listener.SetMeasurementEventCallback<double>((i, v, t, _) => this.Add(i.Name, v, t));
        this.listener.Start();
    }

    public void Dispose() => this.listener.Dispose();

    private void Add(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
        // Tests run in parallel on one static meter: keep this order's measurements only.
        if (d.TryGetValue("order_id", out var id) && !Equals(id, this.orderId)) return;
        if (name == SslFlowMetrics.Transitions && !Equals(d["product"], this.orderId)) return;
        lock (this.measurements) this.measurements.Add((name, value, d));
    }

    private OrderRecord Record(OrderStatus status, OrderSubStatus sub) =>
        new(this.orderId, this.orderId, ["www.shop.example.com"], "Dns01", null, status, sub, Created, Created, "acme", CaReference: "CA-5");

    private readonly ScopeCapturingLogger<InstrumentedOrderStore> logger = new();

    private (InstrumentedOrderStore Store, Mock<IOrderStore> Inner) Store(params OrderRecord[] reads)
    {
        var inner = new Mock<IOrderStore>();
        var sequence = inner.SetupSequence(s => s.GetAsync(this.orderId, It.IsAny<CancellationToken>()));
        foreach (var r in reads) sequence = sequence.ReturnsAsync(r);
        return (new InstrumentedOrderStore(inner.Object, this.logger), inner);
    }

    private OrderTransition To(OrderStatus status, OrderSubStatus sub = OrderSubStatus.None, int sequence = 5) =>
        new(sequence, Created.AddHours(3), null, status, sub, TransitionCauseKind.Issued, OrderActor.CertificateAuthority);

    [Fact]
    public async Task Issuance_counts_one_transition_and_records_time_to_issue_with_order_and_ca_reference()
    {
        var inProgress = this.Record(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);
        var (store, inner) = this.Store(inProgress, this.Record(OrderStatus.Active, OrderSubStatus.None));
        var transition = this.To(OrderStatus.Active);

        await store.ApplyAsync(this.orderId, transition, new OrderUpdate(), default);
        await store.ApplyAsync(this.orderId, transition, new OrderUpdate(), default); // the activity ran again

        inner.Verify(s => s.ApplyAsync(this.orderId, transition, It.IsAny<OrderUpdate>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        var counted = Assert.Single(this.measurements, m => m.Instrument == SslFlowMetrics.Transitions);
        Assert.Equal(("ACTIVATION IN PROGRESS", "ACTIVE", "acme"), (counted.Tags["from"], counted.Tags["to"], counted.Tags["ca"]));
        var issued = Assert.Single(this.measurements, m => m.Instrument == SslFlowMetrics.TimeToIssue);
        Assert.Equal(TimeSpan.FromHours(3).TotalSeconds, issued.Value);
        Assert.Equal("CA-5", issued.Tags["ca_reference"]);
    }

    [Fact]
    public async Task Entering_activation_error_counts_an_activation_error()
    {
        var (store, _) = this.Store(this.Record(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation));

        await store.ApplyAsync(this.orderId, this.To(OrderStatus.ActivationError), new OrderUpdate(LastError: "CA rejected"), default);

        var error = Assert.Single(this.measurements, m => m.Instrument == SslFlowMetrics.ActivationErrors);
        Assert.Equal((1.0, this.orderId, "CA-5"), (error.Value, error.Tags["order_id"], error.Tags["ca_reference"]));
        Assert.DoesNotContain(this.measurements, m => m.Instrument == SslFlowMetrics.TimeToIssue);
    }

    [Fact]
    public async Task The_status_change_is_logged_once_inside_a_scope_with_order_id_and_ca_reference()
    {
        var (store, _) = this.Store(this.Record(OrderStatus.PendingActivation, OrderSubStatus.None), this.Record(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation));
        var transition = this.To(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);

        await store.ApplyAsync(this.orderId, transition, new OrderUpdate(CaReference: "CA-NEW"), default);
        await store.ApplyAsync(this.orderId, transition, new OrderUpdate(CaReference: "CA-NEW"), default);

        var (message, scopes) = Assert.Single(this.logger.Messages);
        Assert.Contains("ACTIVATION IN PROGRESS", message, StringComparison.Ordinal);
        var scope = Assert.Single(scopes);
        Assert.Equal((this.orderId, "CA-NEW"), (scope[OrderScope.OrderId], scope[OrderScope.CaReference]));
    }
}
