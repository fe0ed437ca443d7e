namespace SslFlow.Domain.Products;

/// <summary>
/// A sellable certificate product. <see cref="IncludedNames"/> are in the price (for multi-domain: the primary name and
/// the included SANs); up to <see cref="MaxNames"/> in all can be reached by buying extra SANs.
/// </summary>
public sealed record Product(
    string Code,
    string DisplayName,
    ValidationLevel Level,
    ProductCoverage Coverage,
    int IncludedNames,
    int MaxNames,
    bool AllowsWildcard,
    ValidationPlan Plan)
{
    public bool IsSmime => Coverage == ProductCoverage.Mailbox;

    public bool IsTls => !IsSmime;

    /// <summary>Extra SANs that can be bought beyond those included.</summary>
    public int MaxExtraNames => MaxNames - IncludedNames;
}
