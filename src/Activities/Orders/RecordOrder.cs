using SslFlow.Activities.Issuance;
using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Orders;

/// <summary>Writes the order record when the orchestration starts; a re-run finds it there.</summary>
public sealed class RecordOrder(IOrderStore store) : IActivity<RecordOrderInput, bool>
{
    public Task<bool> RunAsync(RecordOrderInput input, CancellationToken cancellationToken) => store.CreateAsync(input.Order, cancellationToken);
}
