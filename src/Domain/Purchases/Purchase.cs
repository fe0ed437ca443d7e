using SslFlow.Domain.Intake;
using SslFlow.Domain.Products;

namespace SslFlow.Domain.Purchases;

/// <summary>A purchase as it arrives: only the product and, for multi-domain products, the extra SANs bought.</summary>
public sealed record PurchaseRequest(string? ProductCode, int ExtraSans = 0);

/// <summary>A validated purchase: the order exists, paid, PENDING ACTIVATION (reseller view: Pending) until activated.</summary>
public sealed record Purchase(Product Product, int ExtraSans)
{
    /// <summary>How many names an activation may list: the included ones plus the extra SANs bought.</summary>
    public int NamesPaidFor => Product.IncludedNames + ExtraSans;
}

public sealed record PurchaseResult(Purchase? Purchase, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Purchase is not null && Errors.Count == 0;
}

public static class PurchaseIntake
{
    public static PurchaseResult Validate(PurchaseRequest? request)
    {
        if (request is null) return new(null, [new("body", "A request body is required.")]);
        var product = ProductCatalog.Find(request.ProductCode);
        if (product is null)
        {
            return new(null, [new("productCode", string.IsNullOrWhiteSpace(request.ProductCode)
                ? $"A product code is required. Known: {string.Join(", ", ProductCatalog.Codes)}."
                : $"Unknown product '{request.ProductCode}'. Known: {string.Join(", ", ProductCatalog.Codes)}.")]);
        }
        if (request.ExtraSans != 0 && product.Coverage != ProductCoverage.MultiDomain)
            return new(null, [new("extraSans", "Extra SANs are only sold with multi-domain products.")]);
        if (request.ExtraSans < 0) return new(null, [new("extraSans", "Extra SANs cannot be negative.")]);
        if (request.ExtraSans > product.MaxExtraNames)
            return new(null, [new("extraSans", $"At most {product.MaxExtraNames} extra SANs can be bought for '{product.Code}' ({product.MaxNames} names in all).")]);
        return new(new Purchase(product, request.ExtraSans), []);
    }
}
