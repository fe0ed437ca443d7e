using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Issuance;

/// <summary>
/// Places the order at the CA; the CA adapter makes it once per order key. The output says whether the CA validates
/// by events (reseller order APIs), so the orchestration runs the product's validation plan without asking again.
/// </summary>
public sealed class SubmitOrder(CertificateAuthorities authorities) : IActivity<SubmitOrderInput, CaSubmission>
{
    public async Task<CaSubmission> RunAsync(SubmitOrderInput input, CancellationToken cancellationToken)
    {
        var ca = authorities.Get(input.CaName);
        var submission = await ca.SubmitAsync(input.Request, cancellationToken);
        return submission with { ValidatesByEvents = ca.ValidatesByEvents };
    }
}
