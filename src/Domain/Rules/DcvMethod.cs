namespace SslFlow.Domain.Rules;

/// <summary>How domain control is proven: the one vocabulary of intake, the rules, the ports and the stored payloads (by name).</summary>
public enum DcvMethod
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
    public static bool TryParse(string? value, out DcvMethod method)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "http-01" or "http" or "file": method = DcvMethod.Http01; return true;
            case "dns-01" or "dns": method = DcvMethod.Dns01; return true;
            case "email": method = DcvMethod.Email; return true;
            default: method = default; return false;
        }
    }

    public static string WireName(this DcvMethod method) => method switch
    {
        DcvMethod.Http01 => "http-01",
        DcvMethod.Dns01 => "dns-01",
        DcvMethod.Email => "email",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>Whether a method can validate a name: file-based (HTTP) validation cannot validate a wildcard.</summary>
    public static string? RefusalFor(DcvMethod method, string normalisedName) =>
        method == DcvMethod.Http01 && normalisedName.StartsWith("*.", StringComparison.Ordinal)
            ? "http-01 (file-based) validation cannot validate a wildcard name; use dns-01."
            : null;
}
