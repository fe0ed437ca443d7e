using Microsoft.DurableTask;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.Inventory;

namespace SslFlow.Activities.Renewal;

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
