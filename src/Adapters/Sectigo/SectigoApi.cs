using System.Collections.ObjectModel;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SslFlow.Adapters.Sectigo;

/// <summary>
/// The one place that speaks Sectigo's wire format: a form-encoded POST per call (the docs of every call say
/// "Use the POST method ... x-www-form-urlencoded"), credentials added here from <see cref="SectigoOptions"/>, the
/// answer read as URL-encoded <c>name=value</c> pairs (what <c>responseFormat=1</c> returns; see
/// https://docs.sectigo.com/sitelock/sra-integration/response-parameters). Each concern's class (ordering, DCV,
/// status, collection, lifecycle) builds its own parameters; this class only carries them.
/// </summary>
internal sealed class SectigoApi(HttpClient http, SectigoOptions options, ILogger<SectigoApi> logger)
{
    public async Task<SectigoAnswer> PostAsync(string call, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("loginName", options.LoginName),
            new("loginPassword", options.LoginPassword),
        };
        form.AddRange(parameters);

        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(new Uri(options.BaseUrl, call), content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

        // Only the call name and the HTTP status are logged: the body may carry a certificate, the request carries the password.
        logger.LogDebug("Sectigo {Call} answered HTTP {Status}", call, (int)response.StatusCode);
        if (!response.IsSuccessStatusCode)
        {
            throw new SectigoUnknownAnswerException(call, $"HTTP {(int)response.StatusCode}: {Truncate(body)}");
        }

        var answer = SectigoAnswer.Parse(call, body);
        if (answer.ErrorCode < 0)
        {
            throw SectigoErrorCodes.TryDescribe(answer.ErrorCode, out var meaning)
                ? new SectigoApiException(call, answer.ErrorCode, meaning, answer.Get("errorMessage"))
                : new SectigoUnknownAnswerException(call, Truncate(body));
        }

        return answer;
    }

    private static string Truncate(string body) => body.Length <= 2048 ? body : body[..2048] + "…";
}

/// <summary>One answer: its <c>errorCode</c> and every other field as sent.</summary>
internal sealed class SectigoAnswer
{
    private SectigoAnswer(int errorCode, IReadOnlyDictionary<string, string> fields, string raw)
    {
        ErrorCode = errorCode;
        Fields = fields;
        Raw = raw;
    }

    public int ErrorCode { get; }

    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>The answer as received, for the operator's timeline when the adapter cannot place it.</summary>
    public string Raw { get; }

    public string? Get(string name) => Fields.TryGetValue(name, out var value) ? value : null;

    public static SectigoAnswer Parse(string call, string body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Trim().Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new SectigoUnknownAnswerException(call, body);
            }

            fields[Uri.UnescapeDataString(pair[..equals].Replace('+', ' '))] = Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }

        if (!fields.TryGetValue("errorCode", out var code) || !int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var errorCode))
        {
            throw new SectigoUnknownAnswerException(call, body);
        }

        return new SectigoAnswer(errorCode, new ReadOnlyDictionary<string, string>(fields), body);
    }
}

/// <summary>
/// The documented <c>errorCode</c> values (https://docs.sectigo.com/sitelock/sra-integration/response-parameters and
/// each call's response page). A negative code not listed here is an answer the adapter does not know.
/// </summary>
internal static class SectigoErrorCodes
{
    public const int AlreadyRefunded = -18;
    public const int AlreadyCancelled = -20;
    public const int CallLimitReached = -42;

    private static readonly Dictionary<int, string> Meanings = new()
    {
        [-1] = "The request was made over HTTP instead of HTTPS",
        [-2] = "Unrecognised argument",
        [-3] = "Required argument missing",
        [-4] = "Argument value invalid",
        [-16] = "Permission denied",
        [-17] = "GET used instead of POST",
        [AlreadyRefunded] = "Order already refunded",
        [AlreadyCancelled] = "Order already cancelled",
        [CallLimitReached] = "Call limit reached, try again later",
        [-115] = "No price found for the product",
    };

    public static bool TryDescribe(int code, out string meaning) => Meanings.TryGetValue(code, out meaning!);
}

/// <summary>A documented Sectigo error: <see cref="ErrorCode"/> says which, so callers can act on it (e.g. -18 already refunded).</summary>
public sealed class SectigoApiException(string call, int errorCode, string meaning, string? errorMessage)
    : Exception($"Sectigo {call} failed with errorCode {errorCode} ({meaning}){(errorMessage is null ? "" : ": " + errorMessage)}")
{
    public string Call { get; } = call;

    public int ErrorCode { get; } = errorCode;
}

/// <summary>
/// An answer the adapter does not know (an undocumented errorCode, a body it cannot read, an HTTP error). The
/// workflow must not act on it (never a refund): the order waits for an operator, with <see cref="RawAnswer"/> on its
/// timeline. A distinct type so the workflow can tell it from a documented failure.
/// </summary>
public sealed class SectigoUnknownAnswerException(string call, string rawAnswer)
    : Exception($"Sectigo {call} gave an answer SslFlow does not know; an operator must look at it")
{
    public string Call { get; } = call;

    public string RawAnswer { get; } = rawAnswer;
}
