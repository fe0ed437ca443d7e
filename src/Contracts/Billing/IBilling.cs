namespace SslFlow.Contracts.Billing;

/// <summary>Where money goes back. Idempotent per order: a second refund of the same order is a no-op returning the first.</summary>
public interface IBilling
{
    Task<string> RefundAsync(string orderId, string reason, CancellationToken cancellationToken);
}
