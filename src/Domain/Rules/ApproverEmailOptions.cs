using SslFlow.Domain.Names;

namespace SslFlow.Domain.Rules;

/// <summary>
/// Which approver email addresses may be offered for a domain on a given day. Only the constructed addresses
/// (BR 3.2.2.4.4) at the registrable domain are ever offered: WHOIS-contact email is prohibited since 2025-07-15,
/// constructed email carries a warning from 2026-03-15 and is refused from 2028-03-15 (then the list is empty and
/// only dns-01/http-01 remain).
/// </summary>
public static class ApproverEmailOptions
{
    public static readonly IReadOnlyList<string> ConstructedLocalParts = ["admin", "administrator", "webmaster", "hostmaster", "postmaster"];

    public const string DiscouragedWarning =
        "Email validation to constructed addresses is being phased out (refused from 2028-03-15); prefer dns-01 or http-01.";

    /// <summary>The addresses to offer for <paramref name="domain"/> (normalised; a leading <c>*.</c> is ignored) on <paramref name="on"/>.</summary>
    public static IReadOnlyList<ApproverEmailOption> For(string domain, DateOnly on, PublicSuffixList? psl = null)
    {
        if (on >= BaselineRequirements.ConstructedEmailProhibitedFrom) return [];
        var registrable = RegistrableDomainOf(domain, psl ?? PublicSuffixList.Default);
        if (registrable is null) return [];
        var warning = on >= BaselineRequirements.ConstructedEmailDiscouragedFrom ? DiscouragedWarning : null;
        return ConstructedLocalParts.Select(l => new ApproverEmailOption($"{l}@{registrable}", warning)).ToArray();
    }

    /// <summary>Checks an approver address the customer chose for <paramref name="domain"/>.</summary>
    public static ApproverEmailCheck Check(string? approver, string domain, DateOnly on, PublicSuffixList? psl = null)
    {
        if (on >= BaselineRequirements.ConstructedEmailProhibitedFrom)
            return new("Email domain validation is prohibited from 2028-03-15; use dns-01 or http-01.", null);
        if (string.IsNullOrWhiteSpace(approver)) return new("An approver email address is required for email validation.", null);
        var offered = For(domain, on, psl);
        var chosen = approver.Trim().ToLowerInvariant();
        if (offered.FirstOrDefault(o => o.Address == chosen) is { } match) return new(null, match.Warning);
        if (on < BaselineRequirements.WhoisEmailProhibitedFrom) return new(null, null); // a WHOIS contact was still allowed then
        var list = offered.Count == 0 ? "none (the domain is not registrable)" : string.Join(", ", offered.Select(o => o.Address));
        return new($"'{approver.Trim()}' is not a constructed approver address for {domain}; email to the WHOIS contact is prohibited since 2025-07-15. Choose one of: {list}.", null);
    }

    private static string? RegistrableDomainOf(string domain, PublicSuffixList psl)
    {
        var name = domain.StartsWith("*.", StringComparison.Ordinal) ? domain[2..] : domain;
        if (name.Length == 0) return null;
        return psl.RegistrableDomain(name);
    }
}
