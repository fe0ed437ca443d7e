using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;

namespace SslFlow.Activities.Issuance;

/// <summary>Sends the vault's CSR; the CA adapter skips it when the CA has it already (one finalization per order).</summary>
public sealed class FinalizeOrder(CertificateAuthorities authorities) : TaskActivity<FinalizeInput, CaOrderState>
{
    public override Task<CaOrderState> RunAsync(TaskActivityContext context, FinalizeInput input) =>
        authorities.Get(input.CaName).FinalizeAsync(input.CaReference, Convert.FromBase64String(input.CsrBase64), CancellationToken.None);
}
