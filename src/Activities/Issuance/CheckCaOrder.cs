using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;

namespace SslFlow.Activities.Issuance;

/// <summary>
/// One look at the CA order. Throws <see cref="CaNotReadyException"/> while it has not reached the wanted state,
/// so the orchestration polls by retry policy; an invalid order throws <see cref="CaOrderFailedException"/>.
/// </summary>
public sealed class CheckCaOrder(CertificateAuthorities authorities) : TaskActivity<CheckCaOrderInput, CaOrderState>
{
    public override async Task<CaOrderState> RunAsync(TaskActivityContext context, CheckCaOrderInput input)
    {
        var state = await authorities.Get(input.CaName).GetStateAsync(input.CaReference, CancellationToken.None);
        if (state.Status == CaOrderStatus.Invalid) throw new CaOrderFailedException(state.Error ?? "The certificate authority invalidated the order.");
        if (state.Status < input.Until) throw new CaNotReadyException($"Order {input.CaReference} is {state.Status}, waiting for {input.Until}.");
        return state;
    }
}
