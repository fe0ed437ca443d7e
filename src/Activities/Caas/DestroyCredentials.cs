using Microsoft.DurableTask;
using SslFlow.Contracts.Caas;

namespace SslFlow.Activities.Caas;

/// <summary>Destroys the order's stored HMAC key for good (delivery period over, cancel, term end). Idempotent.</summary>
public sealed class DestroyCredentials(ICredentialStore credentials) : TaskActivity<DestroyCredentialsInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, DestroyCredentialsInput input) =>
        credentials.DestroyAsync(input.OrderId, input.Reason, CancellationToken.None);
}
