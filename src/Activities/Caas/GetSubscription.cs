using Microsoft.DurableTask;
using SslFlow.Contracts.Caas;

namespace SslFlow.Activities.Caas;

/// <summary>
/// Reads the subscription back from the CA, without the secret. A read only, so re-running it is harmless; the renewal
/// asks it when the CA's answer to an extension was lost, to learn whether the term moved.
/// </summary>
public sealed class GetSubscription(CaasProviders providers) : TaskActivity<GetSubscriptionInput, CaasSubscription>
{
    public override async Task<CaasSubscription> RunAsync(TaskActivityContext context, GetSubscriptionInput input) =>
        (await providers.Get(input.Provider).GetAsync(input.CaReference, CancellationToken.None)).WithoutSecret();
}
