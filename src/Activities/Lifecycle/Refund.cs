using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Lifecycle;

/// <summary>Refunds the order through billing; idempotent per order.</summary>
public sealed class Refund(IBilling billing) : IActivity<RefundInput, string>
{
    public Task<string> RunAsync(RefundInput input, CancellationToken cancellationToken) => billing.RefundAsync(input.OrderId, input.Reason, cancellationToken);
}
