using Microsoft.DurableTask;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Orders;

namespace SslFlow.Activities.Orders;

/// <summary>Applies a status change and its audit entry; idempotent by the transition's sequence number.</summary>
public sealed class RecordTransition(IOrderStore store) : TaskActivity<RecordTransitionInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordTransitionInput input)
    {
        await store.ApplyAsync(input.OrderId, input.Transition, input.Update, CancellationToken.None);
        return true;
    }
}
