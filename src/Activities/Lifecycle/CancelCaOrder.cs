using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Lifecycle;

/// <summary>
/// Cancels a not-yet-issued order: at the CA (reseller APIs refund it; ACME orders simply expire) and the pending key
/// version in the vault. When the caller does not know the CA reference (the order orchestration cancels while its
/// pipeline runs), it is read from the order record; no reference yet means nothing was placed at the CA.
/// Re-runnable: both the CA adapter and the vault treat a second cancel as done.
/// </summary>
public sealed class CancelCaOrder(CertificateAuthorities authorities, IVault vault, IOrderStore orders) : IActivity<CancelCaOrderInput, bool>
{
    public async Task<bool> RunAsync(CancelCaOrderInput input, CancellationToken cancellationToken)
    {
        var reference = input.CaReference;
        if (reference is null && input.OrderId is { } orderId)
        {
            reference = (await orders.GetAsync(orderId, cancellationToken))?.CaReference;
        }
        if (reference is not null) await authorities.Get(input.CaName).CancelAsync(reference, cancellationToken);
        await vault.CancelPendingAsync(input.CertificateName, cancellationToken);
        return reference is not null;
    }
}
