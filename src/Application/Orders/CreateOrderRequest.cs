using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;
namespace SslFlow.Application.Orders;

/// <summary>The body of <c>POST /api/orders</c>.</summary>
public sealed record CreateOrderRequest(
    IReadOnlyList<string>? Domains,
    string? Product,
    string? DcvMethod,
    string? ContactEmail,
    string? KeyAlgorithm = null,
    string? Ca = null,
    string? ApproverEmail = null,
    string? Csr = null,
    int? ExtraSans = null,
    string? Mailbox = null,
    string? Term = null,
    string? OrganizationName = null,
    IReadOnlyList<System.Text.Json.JsonElement>? InstallTargets = null,
    Domain.Organizations.OrganizationRequest? Organization = null,
    Domain.Organizations.ContactsRequest? Contacts = null,
    Domain.Organizations.PersonRequest? Person = null,
    string? OrganizationProfileId = null);
