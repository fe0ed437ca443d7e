using Microsoft.DurableTask;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Organizations;

namespace SslFlow.Activities.Orders;

/// <summary>
/// After an OV, EV or S/MIME Enterprise order is ACTIVE: the customer's organization profile for that organization
/// (matched by <see cref="OrganizationProfiles.KeyOf"/>, so details typed by hand count too; else the profile the order
/// named) gets the vetting — level, day, CA and the CA's reference of the order it was done for, as the CA reports them
/// (a reused vetting keeps its first day; another customer's order is never named) — and lists the order. Idempotent: <see cref="OrganizationProfileRules.Merge"/>
/// and the order list are order-independent sets, so a re-run changes nothing. False when no profile was updated.
/// </summary>
public sealed class RecordOrganizationVetting(IOrganizationProfileStore profiles, IOrderStore orders, CertificateAuthorities authorities)
    : TaskActivity<RecordOrganizationVettingInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordOrganizationVettingInput input)
    {
        var cancellationToken = CancellationToken.None;
        if (input.Customer is null || ProductCatalog.Find(input.ProductCode) is not { } product || OrganizationProfileRules.VettingLevelOf(product) is not { } level) return false;
        var profile = await profiles.FindByKeyAsync(input.Customer, OrganizationProfiles.KeyOf(input.Organization), cancellationToken);
        if (profile is null && input.OrganizationProfileId is { } named) profile = await profiles.GetAsync(input.Customer, named, cancellationToken);
        if (profile is null) return false;
        if (await orders.GetAsync(input.OrderId, cancellationToken) is not { CaReference: { } caReference } record) return false;

        // The CA's own account of the vetting; a CA that gives none: the order's, as of its issuance.
        var reported = await authorities.Get(input.CaName).GetOrganizationVettingAsync(caReference, cancellationToken);
        var vettedAt = reported?.VettedAt ?? record.NotBefore ?? record.UpdatedAt;
        var vetting = new OrganizationVetting(level, DateOnly.FromDateTime(vettedAt.UtcDateTime), input.CaName, await ShownReferenceAsync(reported?.CaReference, caReference, input.Customer, cancellationToken));
        return await profiles.UpdateAsync(input.Customer, profile.Id,
            p => p with { Vetting = OrganizationProfileRules.Merge(p.Vetting, vetting), OrderIds = OrganizationProfileRules.WithOrder(p.OrderIds, input.OrderId) },
            cancellationToken) is not null;
    }

    /// <summary>
    /// The CA order the vetting was done for, when it is one of this customer's own orders. A CA may reuse a vetting it
    /// did for another of its customers (the sandbox CA does): that order's reference is not this customer's to see, so
    /// the profile then names the customer's own order, with the day the CA reported.
    /// </summary>
    private async Task<string> ShownReferenceAsync(string? reported, string own, string customer, CancellationToken cancellationToken)
    {
        if (reported is null || reported == own) return own;
        return await orders.FindOrderIdByCaReferenceAsync(reported, cancellationToken) is { } orderId
            && await orders.GetAsync(orderId, cancellationToken) is { Customer: { } owner } && owner == customer ? reported : own;
    }
}
