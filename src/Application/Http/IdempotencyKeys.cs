using Microsoft.Extensions.Primitives;

namespace SslFlow.Application.Http;

/// <summary>
/// The <c>Idempotency-Key</c> request header (draft-ietf-httpapi-idempotency-key-header): a Structured Field String
/// (<c>"…"</c>, RFC 8941 3.3.3). Bare tokens (a UUID without quotes, as most clients send) are accepted too. A key is
/// 1 to <see cref="MaxLength"/> visible ASCII characters; anything else, or the header given twice, is refused (400)
/// rather than ignored, so a client never believes a retry is safe when it is not.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 200;

    /// <summary>(null, null) without the header; (key, null) for a valid one; (null, reason) for a malformed one.</summary>
    public static (string? Key, string? Error) Parse(StringValues values)
    {
        if (values.Count == 0) return (null, null);
        if (values.Count > 1) return (null, $"Send one {Header} header, not {values.Count}.");
        var raw = values[0]?.Trim(' ', '\t') ?? "";
        string key;
        if (raw.StartsWith('"'))
        {
            if (raw.Length < 2 || !raw.EndsWith('"')) return (null, $"The {Header} is an unterminated quoted string.");
            var inner = raw[1..^1];
            var sb = new System.Text.StringBuilder(inner.Length);
            for (var i = 0; i < inner.Length; i++)
            {
                var c = inner[i];
                if (c == '\\')
                {
                    if (i + 1 >= inner.Length || inner[i + 1] is not ('"' or '\\')) return (null, $"The {Header} has an invalid escape (only \\\" and \\\\ are allowed).");
                    sb.Append(inner[++i]);
                }
                else if (c == '"') return (null, $"The {Header} has an unescaped quote inside the string.");
                else if (c is < ' ' or > '~') return (null, $"The {Header} may only contain visible ASCII characters and spaces.");
                else sb.Append(c);
            }
            key = sb.ToString();
        }
        else
        {
            if (raw.Any(c => c is <= ' ' or > '~' or '"' or ',' or ';' or '\\'))
                return (null, $"The {Header} must be a quoted string (\"…\") or a single token of visible ASCII characters.");
            key = raw;
        }
        if (key.Trim().Length == 0) return (null, $"The {Header} is empty.");
        if (key.Length > MaxLength) return (null, $"The {Header} is {key.Length} characters long; at most {MaxLength} are allowed.");
        return (key, null);
    }
}
