using Microsoft.DurableTask;
using SslFlow.Contracts.Caas;

namespace SslFlow.Activities.Caas;

/// <summary>
/// Opens the subscription at the CA (or finds the one opened before: the order id is the CA's idempotency key) and keeps
/// its credential in the credential store. Returns the subscription WITHOUT the HMAC key: activity outputs are kept in the
/// orchestration history. Re-runnable: the CA answers the same subscription and the store keeps the first save.
/// </summary>
public sealed class CreateSubscription(CaasProviders providers, ICredentialStore credentials) : TaskActivity<CreateSubscriptionInput, CaasSubscription>
{
    public override async Task<CaasSubscription> RunAsync(TaskActivityContext context, CreateSubscriptionInput input)
    {
        var subscription = await providers.Get(input.Provider).CreateSubscriptionAsync(input.Request, CancellationToken.None);
        if (subscription.Credential is { } credential)
        {
            await credentials.SaveAsync(input.OrderId, subscription.CaReference, credential, input.OrderedAt, CancellationToken.None);
        }
        return subscription.WithoutSecret();
    }
}
