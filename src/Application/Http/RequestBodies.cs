using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SslFlow.Application.Orders;
using SslFlow.Workflow;

namespace SslFlow.Application.Http;

/// <summary>
/// The one way the API reads a request body, for every route and both hosts: at most <see cref="MaxBytes"/> whatever
/// Content-Length claims (a chunked body has none), answered 413 past it; a non-empty body must be
/// <c>application/json</c> (a <c>charset=utf-8</c> parameter is allowed), else 415; framing errors Kestrel reports while
/// the body is read become 400. Every refusal is a problem document; nothing has been done when one is returned.
/// </summary>
public static class RequestBodies
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// What the server itself accepts (Kestrel's MaxRequestBodySize): more than <see cref="MaxBytes"/>, so a body just over
    /// the limit is read to its end and the 413 reaches the client; a connection closed on unread data loses the answer.
    /// </summary>
    public const int TransportMaxBytes = 16 * MaxBytes;

    public static async Task<(byte[] Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBytes) return ([], TooLarge());
        if (request.ContentLength is > 0 && UnsupportedMediaType(request.ContentType) is { } declared) return ([], declared);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    await DrainAsync(request, chunk, cancellationToken);
                    return ([], TooLarge());
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limit (chunked bodies) or broken framing, found while reading.
            return ([], ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge() : ProblemResults.Problem(ex.StatusCode, "Bad request.", ex.Message, "bad-request"));
        }
        if (buffer.Length > 0 && UnsupportedMediaType(request.ContentType) is { } unsupported) return ([], unsupported);
        return (buffer.ToArray(), null);
    }

    /// <summary>Reads the rest (bounded by the transport limit) so the connection can carry the 413 back.</summary>
    private static async Task DrainAsync(HttpRequest request, byte[] chunk, CancellationToken cancellationToken)
    {
        var drained = 0L;
        int read;
        while (drained < TransportMaxBytes && (read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0) drained += read;
    }

    /// <summary>
    /// How request bodies are read: the workflow's names, but no coercion (issue 26 item 17). The web defaults read
    /// <c>"extraSans": "2"</c> as 2 (<see cref="JsonNumberHandling.AllowReadingFromString"/>) and the enum converter
    /// reads <c>3</c> as the fourth member; both are refused here, as a 400 naming the field, like any other wrong type.
    /// </summary>
    public static readonly JsonSerializerOptions Strict = StrictOf(WorkflowJson.Options);

    private static JsonSerializerOptions StrictOf(JsonSerializerOptions options)
    {
        var strict = new JsonSerializerOptions(options) { NumberHandling = JsonNumberHandling.Strict };
        for (var i = 0; i < strict.Converters.Count; i++)
        {
            if (strict.Converters[i] is JsonStringEnumConverter) strict.Converters[i] = new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false);
        }
        strict.TypeInfoResolver ??= new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
        strict.MakeReadOnly();
        return strict;
    }

    /// <summary>Reads and deserialises a JSON body; an empty body gives <c>default</c>.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken, JsonSerializerOptions? options = null)
    {
        var (body, problem) = await ReadAsync(request, cancellationToken);
        if (problem is not null) return (default, problem);
        if (body.Length == 0) return (default, null);
        try
        {
            return (JsonSerializer.Deserialize<T>(body, options is null ? Strict : StrictOf(options)), null);
        }
        catch (JsonException ex)
        {
            return (default, ProblemResults.Validation([("body", $"Not valid JSON: {ex.Message}")]));
        }
    }

    /// <summary>Null for <c>application/json</c> with no parameter or <c>charset=utf-8</c>; otherwise the 415 problem.</summary>
    public static IResult? UnsupportedMediaType(string? contentType)
    {
        if (MediaTypeHeaderValue.TryParse(contentType, out var type)
            && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && type.Parameters.All(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                && HeaderUtilities.RemoveQuotes(p.Value).ToString() is var charset
                && (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))))
        {
            return null;
        }
        var shown = string.IsNullOrWhiteSpace(contentType) ? "no Content-Type" : $"Content-Type '{(contentType.Length > 100 ? contentType[..100] : contentType)}'";
        return ProblemResults.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
            $"The body was sent with {shown}; send JSON as 'Content-Type: application/json' (charset=utf-8 allowed).", "unsupported-media-type");
    }

    public static IResult TooLarge() =>
        ProblemResults.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large.", $"Request bodies are limited to {MaxBytes} bytes.", "too-large");
}
