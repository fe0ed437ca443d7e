using SslFlow.Domain.Rules;
namespace SslFlow.Application.Orders;

/// <summary>
/// What <c>GET /api/orders/{id}</c> returns: customer-facing status, the reseller's view, the timeline and the warnings intake gave (e.g. a DCV method being phased out).
/// <see cref="Domains"/> lists what the certificate certifies; for an S/MIME order that is its mailbox, also given as <see cref="Mailbox"/>.
/// <see cref="Customer"/> is the account that owns the order (the routes already show an order only to it and operators);
/// <see cref="Subject"/> the organization/contacts/person details kept with it, null when none.
/// </summary>
public sealed record OrderView(
    string OrderId,
    string Status,
    string? SubStatus,
    string ResellerState,
    string Product,
    IReadOnlyList<string> Domains,
    string DcvMethod,
    string? CaReference,
    string? SerialNumber,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Workflow,
    IReadOnlyList<TransitionView> Transitions,
    IReadOnlyList<string>? Warnings = null,
    IReadOnlyList<InstallationView>? Installations = null,
    string? Mailbox = null,
    string? OrganizationProfileId = null,
    string? Customer = null,
    SubjectView? Subject = null);

public sealed record TransitionView(DateTimeOffset At, string? From, string To, string? SubStatus, string Cause, string Actor, string? Detail);

public sealed record OrderListView(IReadOnlyList<OrderView> Orders, string? ContinuationToken);
