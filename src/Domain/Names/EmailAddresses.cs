namespace SslFlow.Domain.Names;

/// <summary>
/// Plain mailbox syntax (<c>local@domain</c>, dot-atom local part ≤ 64, no quoted forms or comments). The domain is
/// normalised like a certificate name; with <paramref name="publicDomain"/> it must also pass the full public-name rules
/// (an S/MIME mailbox), otherwise syntax is enough (a contact address).
/// </summary>
public static class EmailAddresses
{
    private const string LocalSpecials = "!#$%&'*+/=?^_`{|}~-.";

    public static (string? Address, string? Error) Normalise(string? input, bool publicDomain, DomainNameOptions? options = null)
    {
        if (HostileText.Find(input) is { } hostile) return (null, hostile);
        if (string.IsNullOrWhiteSpace(input)) return (null, "An email address is required.");
        var text = HostileText.TrimSpaces(input);
        if (text.Length > 254) return (null, "The email address is longer than 254 characters.");
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1) return (null, $"'{text}' is not an email address (local@domain).");
        var local = text[..at];
        if (local.Length > 64) return (null, "The part before '@' is longer than 64 characters.");
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..")) return (null, "The part before '@' has a misplaced dot.");
        if (!local.All(c => char.IsAsciiLetterOrDigit(c) || LocalSpecials.Contains(c)))
            return (null, "The part before '@' may only contain letters, digits and !#$%&'*+/=?^_`{|}~-.");
        var domain = publicDomain
            ? DomainNames.Normalise(text[(at + 1)..], (options ?? DomainNameOptions.Default) with { AllowWildcard = false })
            : DomainNames.NormaliseSyntax(text[(at + 1)..], allowWildcard: false);
        if (!domain.IsValid) return (null, $"The domain of the email address is not valid: {domain.Error}");
        if (!publicDomain && !domain.Name!.Contains('.')) return (null, "The domain of the email address must be fully qualified.");
        return ($"{local}@{domain.Name}", null);
    }
}
