using SslFlow.Domain.Csr;
using SslFlow.Domain.Intake;
using SslFlow.Domain.Products;
using SslFlow.Domain.Rules;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Application.Orders;

/// <summary>
/// HTTP intake over the domain's rules (<see cref="OrderIntake"/>: products, names, Public Suffix List, CA/B Forum
/// dates, approver addresses; customer CSRs are refused). Returns field-specific errors; nothing is started for a bad request.
/// </summary>
public static class OrderRequestValidator
{
    public const int MaxDomains = 100; // ACME CAs' limit of names per certificate

    public static List<(string Field, string Reason)> Validate(CreateOrderRequest? request, out NormalisedOrder? order, bool allowTestNames, DateOnly? today = null)
    {
        order = null;
        if (request is null) return [("body", "A JSON body is required.")];
        var result = OrderIntake.Validate(
            new OrderRequest(request.Product ?? "dv-single", request.Domains?.ToList<string?>(), request.DcvMethod, request.ApproverEmail, request.ContactEmail,
                request.Csr, request.KeyAlgorithm, request.ExtraSans ?? 0, request.Mailbox),
            today ?? DateOnly.FromDateTime(DateTime.UtcNow), new OrderIntakeOptions(AllowTestNames: allowTestNames));
        // The API names the field "product"; the domain calls it productCode.
        var errors = result.Errors.Select(e => (e.Field == "productCode" ? "product" : e.Field, e.Reason)).ToList();
        if (result.Spec is not { } spec) return errors;
        order = new NormalisedOrder(spec.Product.Code, spec.CertifiedNames, spec.DcvMethod, spec.ContactEmail, spec.Key ?? KeyAlgorithm.EcP256,
            spec.Product.Level, spec.ApproverEmail, spec.Warnings);
        return [];
    }

}

public sealed record NormalisedOrder(string Product, IReadOnlyList<string> DnsNames, DcvMethod DcvMethod, string? ContactEmail, KeyAlgorithm Key,
    ValidationLevel Level = ValidationLevel.Domain, string? ApproverEmail = null, IReadOnlyList<string>? Warnings = null,
    IReadOnlyList<InstallTarget>? InstallTargets = null);
