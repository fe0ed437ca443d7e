using System.Diagnostics.Metrics;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Telemetry;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Orders;

namespace SslFlow.Application.Telemetry;

/// <summary>
/// The meter both hosts emit (System.Diagnostics.Metrics; exported by OpenTelemetry to Application Insights in Azure,
/// where each instrument is a row of <c>AppMetrics</c> and each tag a key of its <c>Properties</c>). The alert rules and
/// the workbook in infra/ query these names; a test keeps the two in step.
/// </summary>
/// <remarks>
/// Per-order dimensions (order id, CA reference) go only on instruments recorded once per order or certificate
/// (time to issue, activation errors, days to expiry); the transition counter keeps to low-cardinality tags.
/// </remarks>
public static class SslFlowMetrics
{
    public const string MeterName = "SslFlow";

    /// <summary>Counter: one per order status change; tags from, to, sub_status, ca, product.</summary>
    public const string Transitions = "sslflow.orders.transitions";

    /// <summary>Histogram (seconds): order accepted → first ACTIVE; tags ca, product, order_id, ca_reference.</summary>
    public const string TimeToIssue = "sslflow.orders.time_to_issue";

    /// <summary>Counter: orders entering ACTIVATION ERROR; tags ca, product, order_id, ca_reference.</summary>
    public const string ActivationErrors = "sslflow.orders.activation_errors";

    /// <summary>Histogram (days): per due certificate at each renewal run; tags certificate_id, order_id, ca, renewing.</summary>
    public const string DaysToExpiry = "sslflow.certificates.days_to_expiry";

    /// <summary>Counter, recorded by the workflow: orchestration instances that ended failed; tag orchestration.</summary>
    public const string OrchestrationsFailed = WorkflowMetrics.OrchestrationsFailed;

    public static IReadOnlyList<string> InstrumentNames { get; } = [Transitions, TimeToIssue, ActivationErrors, DaysToExpiry, OrchestrationsFailed];

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> TransitionCounter = Meter.CreateCounter<long>(Transitions, "{transition}", "Order status changes.");
    private static readonly Histogram<double> TimeToIssueHistogram = Meter.CreateHistogram<double>(TimeToIssue, "s", "Time from order acceptance to ACTIVE.");
    private static readonly Counter<long> ActivationErrorCounter = Meter.CreateCounter<long>(ActivationErrors, "{order}", "Orders that entered ACTIVATION ERROR.");
    private static readonly Histogram<double> DaysToExpiryHistogram = Meter.CreateHistogram<double>(DaysToExpiry, "d", "Days left on certificates that are due for renewal.");

    /// <summary>Records one applied status change of <paramref name="before"/> (null when the record was just created).</summary>
    public static void RecordTransition(string orderId, OrderRecord? before, OrderTransition transition, string? caReference)
    {
        var ca = before?.CaName ?? "";
        var product = before?.ProductCode ?? "";
        TransitionCounter.Add(1,
            new("from", (transition.From ?? before?.Status)?.Display() ?? ""),
            new("to", transition.To.Display()),
            new("sub_status", transition.SubStatus.Display() ?? ""),
            new("ca", ca),
            new("product", product));

        if (transition.To == OrderStatus.Active && before is not null && before.Status != OrderStatus.Active)
        {
            TimeToIssueHistogram.Record((transition.At - before.CreatedAt).TotalSeconds,
                new("ca", ca), new("product", product), new("order_id", orderId), new("ca_reference", caReference ?? ""));
        }

        if (transition.To == OrderStatus.ActivationError)
        {
            ActivationErrorCounter.Add(1, new("ca", ca), new("product", product), new("order_id", orderId), new("ca_reference", caReference ?? ""));
        }
    }

    /// <summary>Records the days left on a certificate the renewal run found due; <paramref name="renewing"/> = a renewal is running or was started.</summary>
    public static void RecordDaysToExpiry(InventoryItem item, DateTimeOffset now, bool renewing) =>
        DaysToExpiryHistogram.Record((item.NotAfter - now).TotalDays,
            new("certificate_id", item.CertificateId), new("order_id", item.CertificateId), new("ca", item.CaName), new("renewing", renewing));
}
