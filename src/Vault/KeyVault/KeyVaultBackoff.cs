using Azure;
using Microsoft.Extensions.Logging;

namespace SslFlow.Vault.KeyVault;

/// <summary>
/// Key Vault throttles (about 20 key creations per 10 s per vault); on 429 it asks clients to back off 1, 2, 4, 8, 16 s.
/// Delays run on the injected <see cref="TimeProvider"/> so tests advance a fake clock instead of waiting.
/// </summary>
internal sealed class KeyVaultBackoff(TimeProvider time, ILogger logger)
{
    public static IReadOnlyList<TimeSpan> Schedule { get; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)];

    public async Task<T> RunAsync<T>(string operation, string certificateName, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 429 && attempt < Schedule.Count)
            {
                var delay = Schedule[attempt];
                logger.LogWarning("Key Vault throttled {Operation} for {CertificateName}; retry {Attempt} in {Delay}", operation, certificateName, attempt + 1, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task RunAsync(string operation, string certificateName, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync(operation, certificateName, async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
