using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Issuance;

/// <summary>Places the order at the CA; the CA adapter makes it once per order key.</summary>
public sealed class SubmitOrder(CertificateAuthorities authorities) : IActivity<SubmitOrderInput, CaSubmission>
{
    public Task<CaSubmission> RunAsync(SubmitOrderInput input, CancellationToken cancellationToken) =>
        authorities.Get(input.CaName).SubmitAsync(input.Request, cancellationToken);
}
