using Microsoft.DurableTask;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Orders;

namespace SslFlow.Activities.Orders;

/// <summary>Writes the order record when the orchestration starts; a re-run finds it there.</summary>
public sealed class RecordOrder(IOrderStore store) : TaskActivity<RecordOrderInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, RecordOrderInput input) => store.CreateAsync(input.Order, CancellationToken.None);
}
