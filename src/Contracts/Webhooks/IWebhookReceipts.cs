namespace SslFlow.Contracts.Webhooks;

/// <summary>Remembers webhook ids, so a replayed delivery is acknowledged once and ignored.</summary>
public interface IWebhookReceipts
{
    /// <summary>True the first time (ca, id) is seen; false for a replay.</summary>
    Task<bool> TryRecordAsync(string ca, string webhookId, CancellationToken cancellationToken);

    /// <summary>Forgets a receipt whose event could not be delivered, so the CA's retry is not mistaken for a replay.</summary>
    Task ForgetAsync(string ca, string webhookId, CancellationToken cancellationToken);
}
