using Microsoft.DurableTask;
using SslFlow.Contracts.Billing;
using SslFlow.Contracts.Lifecycle;

namespace SslFlow.Activities.Lifecycle;

/// <summary>Refunds the order through billing; idempotent per order.</summary>
public sealed class Refund(IBilling billing) : TaskActivity<RefundInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, RefundInput input) => billing.RefundAsync(input.OrderId, input.Reason, CancellationToken.None);
}
