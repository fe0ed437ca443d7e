using Microsoft.DurableTask;
using SslFlow.Contracts.Caas;

namespace SslFlow.Activities.Caas;

/// <summary>
/// Destroys the order's stored HMAC key for good (delivery period over, cancel, term end). Idempotent. The end of the
/// delivery period is a durable timer, and a timer may fire a little early (the storage queue's visibility delay is whole
/// seconds, and the worker's clock is not the one that stored the deadline), while the API promised the key until
/// <see cref="DestroyCredentialsInput.NotBefore"/>: so the activity waits, on the injected clock, until that moment has
/// passed. A wait longer than <see cref="MaxEarly"/> is not a timer's imprecision but a wrong call, and fails.
/// </summary>
public sealed class DestroyCredentials(ICredentialStore credentials, TimeProvider time) : TaskActivity<DestroyCredentialsInput, bool>
{
    public static readonly TimeSpan MaxEarly = TimeSpan.FromMinutes(2);

    public override async Task<bool> RunAsync(TaskActivityContext context, DestroyCredentialsInput input)
    {
        if (input.NotBefore is { } notBefore)
        {
            var early = notBefore - time.GetUtcNow();
            if (early > MaxEarly) throw new InvalidOperationException($"The credentials of {input.OrderId} are readable until {notBefore:O}; not destroyed {early} before.");
            // At or after: the store's read compares now >= availableUntil, so "at" is already "gone" for a reader.
            if (early > TimeSpan.Zero) await Task.Delay(early, time);
        }
        return await credentials.DestroyAsync(input.OrderId, input.Reason, CancellationToken.None);
    }
}
