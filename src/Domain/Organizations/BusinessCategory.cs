namespace SslFlow.Domain.Organizations;

/// <summary>EV Guidelines 7.1.4.2.3 (subject:businessCategory), written in the certificate as the guideline's exact text.</summary>
public enum BusinessCategory
{
    PrivateOrganization,
    GovernmentEntity,
    BusinessEntity,
    NonCommercialEntity,
}

public static class BusinessCategories
{
    public static string CertificateText(this BusinessCategory category) => category switch
    {
        BusinessCategory.PrivateOrganization => "Private Organization",
        BusinessCategory.GovernmentEntity => "Government Entity",
        BusinessCategory.BusinessEntity => "Business Entity",
        BusinessCategory.NonCommercialEntity => "Non-Commercial Entity",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    /// <summary>Accepts the guideline text or the enum name in any case, with spaces, hyphens or underscores ("private-organization").</summary>
    public static bool TryParse(string? text, out BusinessCategory category)
    {
        category = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return false;
        var key = new string(text.Where(char.IsAsciiLetter).ToArray()).ToLowerInvariant();
        foreach (var candidate in Enum.GetValues<BusinessCategory>())
        {
            if (candidate.ToString().ToLowerInvariant() != key) continue;
            category = candidate;
            return true;
        }
        return false;
    }

    public static string Known => string.Join(", ", Enum.GetValues<BusinessCategory>().Select(c => $"'{c.CertificateText()}'"));
}
