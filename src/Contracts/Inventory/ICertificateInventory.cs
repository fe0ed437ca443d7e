using SslFlow.Contracts.Renewal;


namespace SslFlow.Contracts.Inventory;

/// <summary>Issued certificates and when each needs attention; a renewal run reads only the due ones.</summary>
public interface ICertificateInventory
{
    /// <summary>
    /// Adds or replaces an item and moves its due-index entry to <see cref="RenewalPolicy.NextAttention"/> (renewal,
    /// reminder or expiry). Reminders already recorded for the same certificate (serial) are kept.
    /// </summary>
    Task UpsertAsync(InventoryItem item, CancellationToken cancellationToken);

    Task<InventoryItem?> GetAsync(string certificateId, CancellationToken cancellationToken);

    /// <summary>Items whose next attention time has passed, oldest first, read from the due index only.</summary>
    Task<IReadOnlyList<InventoryItem>> GetDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Records that the "expires in <paramref name="days"/> days" reminder went out for this serial (no-op for another serial).</summary>
    Task MarkRemindedAsync(string certificateId, string serialNumber, int days, CancellationToken cancellationToken);

    /// <summary>Takes an item out of the schedule (revoked, cancelled, disabled).</summary>
    Task RemoveFromScheduleAsync(string certificateId, CancellationToken cancellationToken);
}
