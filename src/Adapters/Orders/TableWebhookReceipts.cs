using Azure;
using Azure.Data.Tables;
using SslFlow.Contracts.Webhooks;

namespace SslFlow.Adapters.Orders;

/// <summary>Webhook ids per CA in a table (PartitionKey = CA, RowKey = escaped id); insert-if-absent is the replay check.</summary>
public sealed class TableWebhookReceipts(TableServiceClient service) : IWebhookReceipts
{
    private readonly TableClient _table = service.GetTableClient("WebhookReceipts");

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<bool> TryRecordAsync(string ca, string webhookId, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(ca.ToLowerInvariant(), Key(webhookId)) { ["ReceivedAt"] = DateTimeOffset.UtcNow }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task ForgetAsync(string ca, string webhookId, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(ca.ToLowerInvariant(), Key(webhookId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private static string Key(string id) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(id));
}
