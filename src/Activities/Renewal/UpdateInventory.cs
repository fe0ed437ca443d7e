using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using SslFlow.Domain.Products;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.Vault;

namespace SslFlow.Activities.Renewal;

/// <summary>Records an issued or renewed certificate and its next renewal moment. Idempotent (an upsert).</summary>
public sealed class UpdateInventory(ICertificateInventory inventory, RenewalInfoLookup ari) : TaskActivity<UpdateInventoryInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, UpdateInventoryInput input)
    {
        var item = input.Item;
        if (input.Reissue && await inventory.GetAsync(item.CertificateId, CancellationToken.None) is { } stored)
        {
            // Idempotent: a re-run reads the row this run wrote, which carries the same values.
            item = item with { Renewals = Math.Max(item.Renewals, stored.Renewals), OrganizationValidatedAt = item.OrganizationValidatedAt ?? stored.OrganizationValidatedAt };
        }
        if (input.Plan)
        {
            var level = ProductCatalog.Find(item.ProductCode)?.Level ?? ValidationLevel.Domain;
            DateTimeOffset? vetted = level is ValidationLevel.Domain or ValidationLevel.Mailbox ? null : item.OrganizationValidatedAt ?? item.NotBefore;
            var info = await ari.FindAsync(item.CaName, item.CertificateName, item.SerialNumber, CancellationToken.None);
            var renewAt = info is null ? item.RenewAt
                : RenewalPolicy.RenewAt(item.CertificateId + item.SerialNumber, item.NotBefore, item.NotAfter, new RenewalWindow(info.WindowStart, info.WindowEnd));
            var needsPerson = RenewalPolicy.NeedsPerson(level, item.DcvMethod, vetted, renewAt);
            if (needsPerson) renewAt = RenewalPolicy.PersonStart(renewAt, item.NotBefore, item.NotAfter, level);
            item = item with { RenewAt = renewAt, NeedsPerson = needsPerson, OrganizationValidatedAt = vetted };
        }
        await inventory.UpsertAsync(item, CancellationToken.None);
        return true;
    }
}

/// <summary>Takes a certificate out of the renewal schedule (revoked, cancelled, disabled).</summary>
public sealed class RemoveFromSchedule(ICertificateInventory inventory) : TaskActivity<RemoveFromScheduleInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RemoveFromScheduleInput input)
    {
        await inventory.RemoveFromScheduleAsync(input.CertificateId, CancellationToken.None);
        return true;
    }
}

/// <summary>Records that an expiry reminder went out, so it is sent once per certificate and threshold.</summary>
public sealed class MarkReminded(ICertificateInventory inventory) : TaskActivity<MarkRemindedInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, MarkRemindedInput input)
    {
        await inventory.MarkRemindedAsync(input.CertificateId, input.SerialNumber, input.Days, CancellationToken.None);
        return true;
    }
}

/// <summary>The CA's renewal information for the certificate current in the vault; null when not offered or not reachable.</summary>
public sealed class RenewalInfoLookup(CertificateAuthorities authorities, IVault vault, ILogger<RenewalInfoLookup> logger)
{
    public async Task<CaRenewalInfo?> FindAsync(string caName, string certificateName, string serialNumber, CancellationToken cancellationToken)
    {
        try
        {
            var current = await vault.GetCertificateAsync(certificateName, cancellationToken);
            if (current is null || !string.Equals(current.SerialNumber, serialNumber, StringComparison.OrdinalIgnoreCase)) return null;
            var info = await authorities.Get(caName).GetRenewalInfoAsync(current.ChainDer[0], cancellationToken);
            return info is { } i && i.WindowEnd > i.WindowStart ? i : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // ARI is advice: without it the lifetime rule applies.
            logger.LogWarning(ex, "No renewal information from {Ca} for {Certificate}", caName, certificateName);
            return null;
        }
    }
}
