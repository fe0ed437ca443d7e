using SslFlow.Contracts.Inventory;

namespace SslFlow.Contracts.Renewal;

public sealed record PrepareRenewalInput(string CertificateId, string SerialNumber, string CaName, string CertificateName);

/// <summary>
/// <paramref name="Current"/>: the inventory still holds this serial (a stale index entry or a renewal that already
/// happened is not renewed again). The ARI window and <c>replaces</c> identifier when the CA offers them.
/// </summary>
public sealed record RenewalPreparation(bool Current, DateTimeOffset? WindowStart = null, DateTimeOffset? WindowEnd = null, string? Replaces = null);

/// <summary>
/// <paramref name="Plan"/>: the item is a newly issued certificate, so work out when to renew it — the CA's ARI window
/// when it offers one, whether the renewal will need a person (OV/EV vetting no longer reusable, email DCV) and, if so,
/// an earlier start. False keeps <see cref="InventoryItem.RenewAt"/> as given (a retry or a deferral).
/// <paramref name="Reissue"/>: the item replaces the order's certificate by a reissue, which is not a renewal: the renewal
/// count and the organization's vetting date of the stored item carry over (a renewal after a reissue is the next one, and
/// the CA did not vet the organization again for a reissue).
/// </summary>
public sealed record UpdateInventoryInput(InventoryItem Item, bool Plan = true, bool Reissue = false);

public sealed record RemoveFromScheduleInput(string CertificateId);

public sealed record MarkRemindedInput(string CertificateId, string SerialNumber, int Days);
