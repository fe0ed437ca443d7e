using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;

namespace SslFlow.Activities.Lifecycle;

/// <summary>
/// Cancels a not-yet-issued order: at the CA (reseller APIs refund it; ACME orders simply expire) and the pending key
/// version in the vault. When the caller does not know the CA reference (the order orchestration cancels while its
/// pipeline runs), it is read from the order record; no reference yet means nothing was placed at the CA.
/// Re-runnable: both the CA adapter and the vault treat a second cancel as done.
/// </summary>
public sealed class CancelCaOrder(CertificateAuthorities authorities, IVault vault, IOrderStore orders) : TaskActivity<CancelCaOrderInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, CancelCaOrderInput input)
    {
        var reference = input.CaReference;
        if (reference is null && input.OrderId is { } orderId)
        {
            reference = (await orders.GetAsync(orderId, CancellationToken.None))?.CaReference;
        }
        if (reference is not null) await authorities.Get(input.CaName).CancelAsync(reference, CancellationToken.None);
        await vault.CancelPendingAsync(input.CertificateName, CancellationToken.None);
        return reference is not null;
    }
}
