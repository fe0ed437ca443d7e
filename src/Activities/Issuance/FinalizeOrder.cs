using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Issuance;

/// <summary>Sends the vault's CSR; the CA adapter skips it when the CA has it already (one finalization per order).</summary>
public sealed class FinalizeOrder(CertificateAuthorities authorities) : IActivity<FinalizeInput, CaOrderState>
{
    public Task<CaOrderState> RunAsync(FinalizeInput input, CancellationToken cancellationToken) =>
        authorities.Get(input.CaName).FinalizeAsync(input.CaReference, Convert.FromBase64String(input.CsrBase64), cancellationToken);
}
