using SslFlow.Domain.Organizations;
using SslFlow.Domain.Purchases;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Domain.Intake;

/// <summary>
/// The details that activate a purchased order: its names (or mailbox) or a CSR, the DCV method, and the organization,
/// contacts and person its product needs. The product and extra SANs come from the purchase, not the request.
/// <paramref name="OrganizationProfileId"/>: the customer's organization profile to take the organization (and, when none
/// are given, the contacts) from, instead of <paramref name="Organization"/>; the application layer resolves it.
/// </summary>
public sealed record ActivationRequest(
    IReadOnlyList<string?>? Domains = null,
    string? DcvMethod = null,
    string? ApproverEmail = null,
    string? ContactEmail = null,
    string? Csr = null,
    string? KeyAlgorithm = null,
    string? Mailbox = null,
    OrganizationRequest? Organization = null,
    ContactsRequest? Contacts = null,
    PersonRequest? Person = null,
    string? OrganizationProfileId = null)
{
    /// <summary>A method, not a property: the request body is exactly the members above.</summary>
    public SubjectDetailsRequest SubjectDetails() => new(Organization, Contacts, Person);
}

/// <summary>A validated activation (or a create-and-submit order): the order spec and its subject details.</summary>
public sealed record ActivationSpec(OrderSpec Order, SubjectDetails Details);

public sealed record ActivationResult(ActivationSpec? Spec, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Spec is not null && Errors.Count == 0;
}

/// <summary>
/// Activation = <see cref="OrderIntake"/> (names, DCV, CSR) + <see cref="SubjectDetailsRules"/> (organization, contacts,
/// person), every error of both at once. <see cref="ValidateOrder"/> is the same for an order created and submitted in
/// one call, as today.
/// </summary>
public static class ActivationIntake
{
    public static ActivationResult Validate(Purchase purchase, ActivationRequest? request, DateOnly today, OrderIntakeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        if (request is null) return new(null, [new("body", "A request body is required.")]);
        var order = new OrderRequest(purchase.Product.Code, request.Domains, request.DcvMethod, request.ApproverEmail, request.ContactEmail,
            request.Csr, request.KeyAlgorithm, purchase.ExtraSans, request.Mailbox);
        return ValidateOrder(order, request.SubjectDetails(), today, options);
    }

    public static ActivationResult ValidateOrder(OrderRequest? order, SubjectDetailsRequest? details, DateOnly today, OrderIntakeOptions? options = null)
    {
        var intake = OrderIntake.Validate(order, today, options);
        var product = intake.Spec?.Product ?? Products.ProductCatalog.Find(order?.ProductCode);
        var subject = product is null ? null : SubjectDetailsRules.Validate(product, details);
        var errors = intake.Errors.Concat(subject?.Errors ?? []).ToArray();
        return errors.Length > 0 || intake.Spec is null || subject?.Details is null
            ? new(null, errors)
            : new(new ActivationSpec(intake.Spec, subject.Details), []);
    }
}
