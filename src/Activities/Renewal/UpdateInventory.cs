using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Renewal;

public sealed record UpdateInventoryInput(InventoryItem Item);

public sealed record RemoveFromScheduleInput(string CertificateId);

/// <summary>Records an issued or renewed certificate and its next renewal moment. Idempotent (an upsert).</summary>
public sealed class UpdateInventory(ICertificateInventory inventory) : IActivity<UpdateInventoryInput, bool>
{
    public async Task<bool> RunAsync(UpdateInventoryInput input, CancellationToken cancellationToken)
    {
        await inventory.UpsertAsync(input.Item, cancellationToken);
        return true;
    }
}

/// <summary>Takes a certificate out of the renewal schedule (revoked, cancelled, disabled).</summary>
public sealed class RemoveFromSchedule(ICertificateInventory inventory) : IActivity<RemoveFromScheduleInput, bool>
{
    public async Task<bool> RunAsync(RemoveFromScheduleInput input, CancellationToken cancellationToken)
    {
        await inventory.RemoveFromScheduleAsync(input.CertificateId, cancellationToken);
        return true;
    }
}
