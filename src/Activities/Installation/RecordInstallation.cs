using Microsoft.DurableTask;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Orders;

namespace SslFlow.Activities.Installation;

/// <summary>
/// Records one target's state for the order view. Returns false (and records nothing) when the order's current serial is
/// another one: a renewal or reissue superseded this installation, which then stops retrying.
/// </summary>
public sealed class RecordInstallation(IInstallationStore store, IOrderStore orders) : TaskActivity<RecordInstallationInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordInstallationInput input)
    {
        var order = await orders.GetAsync(input.OrderId, CancellationToken.None);
        if (order?.SerialNumber is { } current && !SameSerial(current, input.State.SerialNumber)) return false;
        await store.RecordAsync(input.OrderId, input.State, CancellationToken.None);
        return true;
    }

    private static bool SameSerial(string a, string b) => string.Equals(a.TrimStart('0'), b.TrimStart('0'), StringComparison.OrdinalIgnoreCase);
}
