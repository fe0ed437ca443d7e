using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;

namespace SslFlow.Activities.Issuance;

/// <summary>
/// Places the order at the CA; the CA adapter makes it once per order key. The output says whether the CA validates
/// by events (reseller order APIs), so the orchestration runs the product's validation plan without asking again.
/// </summary>
public sealed class SubmitOrder(CertificateAuthorities authorities) : TaskActivity<SubmitOrderInput, CaSubmission>
{
    public override async Task<CaSubmission> RunAsync(TaskActivityContext context, SubmitOrderInput input)
    {
        var ca = authorities.Get(input.CaName);
        var submission = await ca.SubmitAsync(input.Request, CancellationToken.None);
        return submission with { ValidatesByEvents = ca.ValidatesByEvents };
    }
}
