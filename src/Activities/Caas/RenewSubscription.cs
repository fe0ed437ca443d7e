using Microsoft.DurableTask;
using SslFlow.Contracts.Caas;

namespace SslFlow.Activities.Caas;

/// <summary>
/// Extends the subscription's term at the CA. Re-runnable: the renewal key makes a retried call (activities run at least
/// once) count once at the CA, so the term is never extended twice for one renewal. The EAB key stays the same.
/// </summary>
public sealed class RenewSubscription(CaasProviders providers) : TaskActivity<RenewSubscriptionInput, CaasSubscription>
{
    public override async Task<CaasSubscription> RunAsync(TaskActivityContext context, RenewSubscriptionInput input) =>
        (await providers.Get(input.Provider).RenewTermAsync(input.CaReference, input.RenewalKey, input.Term, CancellationToken.None)).WithoutSecret();
}
