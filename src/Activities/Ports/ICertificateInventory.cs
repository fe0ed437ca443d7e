using SslFlow.Activities.Renewal;

namespace SslFlow.Activities.Ports;

/// <summary>Issued certificates and when each needs attention; a renewal run reads only the due ones.</summary>
public interface ICertificateInventory
{
    /// <summary>Adds or replaces an item and moves its due-index entry to <see cref="InventoryItem.RenewAt"/>.</summary>
    Task UpsertAsync(InventoryItem item, CancellationToken cancellationToken);

    Task<InventoryItem?> GetAsync(string certificateId, CancellationToken cancellationToken);

    /// <summary>Items whose <see cref="InventoryItem.RenewAt"/> has passed, oldest first, read from the due index only.</summary>
    Task<IReadOnlyList<InventoryItem>> GetDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Takes an item out of the schedule (revoked, cancelled, disabled).</summary>
    Task RemoveFromScheduleAsync(string certificateId, CancellationToken cancellationToken);
}
