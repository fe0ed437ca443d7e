using Azure;
using Azure.Data.Tables;
using SslFlow.Contracts.Billing;

namespace SslFlow.Adapters.Billing;

/// <summary>
/// The local stand-in for a payment provider: refunds recorded in the <c>Refunds</c> table, one per order, so
/// a re-run of the refund activity returns the first refund instead of paying twice. In production this port
/// is the reseller's billing API.
/// </summary>
public sealed class TableBilling(TableServiceClient service, TimeProvider time) : IBilling
{
    private readonly TableClient _table = service.GetTableClient("Refunds");

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<string> RefundAsync(string orderId, string reason, CancellationToken cancellationToken)
    {
        var refundId = "rf-" + orderId;
        try
        {
            await _table.AddEntityAsync(new TableEntity(orderId, "refund") { ["RefundId"] = refundId, ["Reason"] = reason, ["At"] = time.GetUtcNow() }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Refunded already: the same refund.
        }
        return refundId;
    }
}
