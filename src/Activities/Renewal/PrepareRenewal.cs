using Microsoft.DurableTask;
using SslFlow.Activities.Ports;

namespace SslFlow.Activities.Renewal;

public sealed record PrepareRenewalInput(string CertificateId, string SerialNumber, string CaName, string CertificateName);

/// <summary>
/// <paramref name="Current"/>: the inventory still holds this serial (a stale index entry or a renewal that already
/// happened is not renewed again). The ARI window and <c>replaces</c> identifier when the CA offers them.
/// </summary>
public sealed record RenewalPreparation(bool Current, DateTimeOffset? WindowStart = null, DateTimeOffset? WindowEnd = null, string? Replaces = null);

/// <summary>What a renewal needs to know before it starts: is the certificate still the current one, and what does the CA's ARI say now.</summary>
public sealed class PrepareRenewal(ICertificateInventory inventory, RenewalInfoLookup ari) : TaskActivity<PrepareRenewalInput, RenewalPreparation>
{
    public override async Task<RenewalPreparation> RunAsync(TaskActivityContext context, PrepareRenewalInput input)
    {
        var item = await inventory.GetAsync(input.CertificateId, CancellationToken.None);
        if (item is null || item.SerialNumber != input.SerialNumber) return new RenewalPreparation(false);
        var info = await ari.FindAsync(input.CaName, input.CertificateName, input.SerialNumber, CancellationToken.None);
        return info is null ? new RenewalPreparation(true) : new RenewalPreparation(true, info.WindowStart, info.WindowEnd, info.CertificateId);
    }
}
