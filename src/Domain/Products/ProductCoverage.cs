namespace SslFlow.Domain.Products;

/// <summary>What names a product covers.</summary>
public enum ProductCoverage
{
    /// <summary>One fully qualified name.</summary>
    SingleDomain,
    /// <summary>Several names (SANs): some included in the price, more purchasable up to a maximum.</summary>
    MultiDomain,
    /// <summary>One <c>*.example.com</c> name, optionally with its base name <c>example.com</c>.</summary>
    Wildcard,
    /// <summary>An email address (S/MIME personal authentication).</summary>
    Mailbox,
}
