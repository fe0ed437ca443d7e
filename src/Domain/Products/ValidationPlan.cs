using SslFlow.Domain.Orders;

namespace SslFlow.Domain.Products;

/// <summary>
/// The ordered steps a product's order goes through before issuance, plus the overall deadline after which the order
/// ends in ACTIVATION ERROR (commercial resellers auto-cancel unvalidated orders: 45 days DV, 60 days OV/EV).
/// Step timeouts add up to the overall deadline, so each step's race also respects it.
/// </summary>
public sealed record ValidationPlan(IReadOnlyList<ValidationStep> Steps, TimeSpan OverallDeadline)
{
    public OrderSubStatus SubStatusAt(int stepIndex) => Steps[stepIndex].SubStatus;

    /// <summary>When the wait for a step ends: its own timeout from when it started, capped by the order's overall deadline.</summary>
    public DateTimeOffset DeadlineFor(int stepIndex, DateTimeOffset stepStartedAt, DateTimeOffset orderSubmittedAt)
    {
        var own = stepStartedAt + Steps[stepIndex].Timeout;
        var overall = orderSubmittedAt + OverallDeadline;
        return own < overall ? own : overall;
    }

    internal static ValidationPlan Of(int overallDays, params (ValidationStepKind Kind, int Days)[] steps) =>
        new(steps.Select(s => new ValidationStep(s.Kind, ValidationEvents.For(s.Kind), TimeSpan.FromDays(s.Days), ValidationEvents.SubStatusFor(s.Kind))).ToArray(),
            TimeSpan.FromDays(overallDays));
}
