namespace SslFlow.Domain.Rules;

/// <summary>How domain control is proven. Named *Kind so it cannot clash with the ports' DcvMethod.</summary>
public enum DcvMethodKind
{
    /// <summary>ACME http-01 / a file under /.well-known (BR 3.2.2.4.18/19).</summary>
    Http01,
    /// <summary>ACME dns-01 / a DNS TXT or CNAME record (BR 3.2.2.4.7).</summary>
    Dns01,
    /// <summary>Email to a constructed approver address (BR 3.2.2.4.4).</summary>
    Email,
}

public static class DcvMethods
{
    /// <summary>Wire names: <c>http-01</c>, <c>dns-01</c>, <c>email</c> (aliases: http, file, dns).</summary>
    public static bool TryParse(string? value, out DcvMethodKind method)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "http-01" or "http" or "file": method = DcvMethodKind.Http01; return true;
            case "dns-01" or "dns": method = DcvMethodKind.Dns01; return true;
            case "email": method = DcvMethodKind.Email; return true;
            default: method = default; return false;
        }
    }

    public static string WireName(this DcvMethodKind method) => method switch
    {
        DcvMethodKind.Http01 => "http-01",
        DcvMethodKind.Dns01 => "dns-01",
        DcvMethodKind.Email => "email",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>Whether a method can validate a name: file-based (HTTP) validation cannot validate a wildcard.</summary>
    public static string? RefusalFor(DcvMethodKind method, string normalisedName) =>
        method == DcvMethodKind.Http01 && normalisedName.StartsWith("*.", StringComparison.Ordinal)
            ? "http-01 (file-based) validation cannot validate a wildcard name; use dns-01."
            : null;
}
