using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Lifecycle;

/// <summary>Drops the pending key version. (ACME orders simply expire at the CA; a reseller API adapter cancels there too.)</summary>
public sealed class CancelCaOrder(IVault vault) : IActivity<CancelCaOrderInput, bool>
{
    public async Task<bool> RunAsync(CancelCaOrderInput input, CancellationToken cancellationToken)
    {
        await vault.CancelPendingAsync(input.CertificateName, cancellationToken);
        return true;
    }
}
