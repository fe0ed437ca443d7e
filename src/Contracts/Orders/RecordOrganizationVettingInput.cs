using SslFlow.Domain.Organizations;

namespace SslFlow.Contracts.Orders;

/// <summary>
/// An issued order whose organization was vetted: <paramref name="Organization"/> as the order carried it,
/// <paramref name="Customer"/> the account whose profiles are looked at, <paramref name="OrganizationProfileId"/> the profile
/// the order named (if any).
/// </summary>
public sealed record RecordOrganizationVettingInput(string OrderId, string? Customer, string ProductCode, string CaName, Organization Organization,
    string? OrganizationProfileId = null);
