using System.Globalization;
using SslFlow.Activities.Ports;

namespace SslFlow.Application.Orders;

/// <summary>
/// First-line intake checks with field-specific reasons. The full product and CA/B Forum rules live in
/// SslFlow.Domain; this keeps the shape checks and bounds that every request must pass.
/// </summary>
public static class OrderRequestValidator
{
    public const int MaxDomains = 100; // ACME CAs' limit of names per certificate

    public static readonly IReadOnlySet<string> Products = new HashSet<string>(StringComparer.Ordinal) { "dv-single", "dv-multi", "dv-wildcard" };

    public static List<(string Field, string Reason)> Validate(CreateOrderRequest? request, out NormalisedOrder? order, bool allowTestNames)
    {
        var errors = new List<(string, string)>();
        order = null;
        if (request is null)
        {
            errors.Add(("body", "A JSON body is required."));
            return errors;
        }
        var product = request.Product ?? "dv-single";
        if (!Products.Contains(product)) errors.Add(("product", $"Unknown product '{product}'. Known: {string.Join(", ", Products)}."));

        DcvMethod method = DcvMethod.Http01;
        if (request.DcvMethod is { } m && !TryParseMethod(m, out method)) errors.Add(("dcvMethod", "Use 'http-01' or 'dns-01'."));

        KeyAlgorithm key = KeyAlgorithm.EcP256;
        if (request.KeyAlgorithm is { } k && !Enum.TryParse(k.Replace("-", ""), ignoreCase: true, out key)) errors.Add(("keyAlgorithm", "Use EcP256, EcP384, Rsa2048, Rsa3072 or Rsa4096."));

        if (request.ContactEmail is { } email && (email.Length > 254 || !email.Contains('@') || email.StartsWith('@') || email.EndsWith('@')))
        {
            errors.Add(("contactEmail", "Not an email address."));
        }

        var names = new List<string>();
        if (request.Domains is null || request.Domains.Count == 0) errors.Add(("domains", "At least one domain is required."));
        else if (request.Domains.Count > MaxDomains) errors.Add(("domains", $"At most {MaxDomains} names per certificate."));
        else
        {
            for (var i = 0; i < request.Domains.Count; i++)
            {
                var reason = NormaliseName(request.Domains[i], product, method, allowTestNames, out var name);
                if (reason is not null) errors.Add(($"domains[{i}]", reason));
                else if (!names.Contains(name)) names.Add(name);
            }
            if (product == "dv-single" && names.Count > 1) errors.Add(("domains", "The single-domain product takes one name."));
        }
        if (errors.Count == 0) order = new NormalisedOrder(product, names, method, request.ContactEmail, key);
        return errors;
    }

    private static bool TryParseMethod(string value, out DcvMethod method)
    {
        method = value.ToLowerInvariant() switch { "http-01" or "http" => DcvMethod.Http01, "dns-01" or "dns" => DcvMethod.Dns01, _ => (DcvMethod)(-1) };
        return Enum.IsDefined(method);
    }

    private static string? NormaliseName(string? raw, string product, DcvMethod method, bool allowTestNames, out string name)
    {
        name = "";
        if (string.IsNullOrWhiteSpace(raw)) return "Empty name.";
        var value = raw.Trim().TrimEnd('.').ToLowerInvariant();
        var wildcard = value.StartsWith("*.", StringComparison.Ordinal);
        if (wildcard)
        {
            if (product != "dv-wildcard") return "Wildcard names need a wildcard product.";
            if (method == DcvMethod.Http01) return "File-based (HTTP) validation cannot validate a wildcard name; use dns-01.";
            value = value[2..];
        }
        try
        {
            value = new IdnMapping().GetAscii(value);
        }
        catch (ArgumentException)
        {
            return "Not a valid domain name.";
        }
        if (value.Length > 253) return "Longer than 253 characters.";
        var labels = value.Split('.');
        if (labels.Length < 2) return "Single-label and internal names cannot be certified.";
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63) return "Each label must be 1 to 63 characters.";
            if (label.StartsWith('-') || label.EndsWith('-') || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return "Only letters, digits and inner hyphens are allowed.";
        }
        if (labels.All(l => l.All(char.IsAsciiDigit))) return "IP addresses cannot be certified.";
        var tld = labels[^1];
        if (tld is "local" or "internal" or "lan" or "localhost" or "invalid" || value.EndsWith(".home.arpa", StringComparison.Ordinal)) return "Internal names cannot be certified.";
        if (tld == "test" && !allowTestNames) return "Names under .test are reserved for testing.";
        name = wildcard ? "*." + value : value;
        return null;
    }
}

public sealed record NormalisedOrder(string Product, IReadOnlyList<string> DnsNames, DcvMethod DcvMethod, string? ContactEmail, KeyAlgorithm Key);
