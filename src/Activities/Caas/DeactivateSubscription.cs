using Microsoft.DurableTask;
using SslFlow.Contracts.Caas;

namespace SslFlow.Activities.Caas;

/// <summary>Tells the CA to deactivate the subscription's EAB key (cancel/refund, term end). Deactivating twice is once.</summary>
public sealed class DeactivateSubscription(CaasProviders providers) : TaskActivity<DeactivateSubscriptionInput, CaasSubscription>
{
    public override async Task<CaasSubscription> RunAsync(TaskActivityContext context, DeactivateSubscriptionInput input) =>
        (await providers.Get(input.Provider).DeactivateAsync(input.CaReference, input.Reason, CancellationToken.None)).WithoutSecret();
}
