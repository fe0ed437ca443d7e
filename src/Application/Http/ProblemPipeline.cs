using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SslFlow.Application.Http;

/// <summary>
/// Makes every error the local host answers an RFC 9457 problem document, not only those the handlers return: unmatched
/// routes (404), wrong methods (405), a declared body over <see cref="RequestBodies.MaxBytes"/> on any route (413, before
/// the endpoint runs), Kestrel's refusals raised while a request is being handled (<see cref="BadHttpRequestException"/>:
/// body too large, broken chunked framing) and unexpected failures (500, no detail). Not covered, because Kestrel answers
/// them itself before any middleware runs: a malformed request line or header, headers over its size limit (431), an
/// over-long request line (414) and a missing Host header; those get Kestrel's status with an empty body.
/// </summary>
public static class ProblemPipeline
{
    public const string ContentType = "application/problem+json";

    /// <summary>Call first in the pipeline (before routing), so it sees what every later part answers.</summary>
    public static IApplicationBuilder UseProblemResponses(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                return error is BadHttpRequestException bad
                    ? WriteAsync(context, bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? $"Request bodies are limited to {RequestBodies.MaxBytes} bytes."
                        : "The request could not be read.")
                    : WriteAsync(context, StatusCodes.Status500InternalServerError, "The request failed on our side; it can be retried.");
            },
        });
        app.UseStatusCodePages(context =>
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode < 400 || response.HasStarted || response.ContentType is not null) return Task.CompletedTask;
            var request = context.HttpContext.Request;
            var detail = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"No resource at {request.Method} {Trim(request.Path.Value)}.",
                StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {Trim(request.Path.Value)}{Allowed(response)}.",
                _ => ReasonPhrases.GetReasonPhrase(response.StatusCode),
            };
            return WriteAsync(context.HttpContext, response.StatusCode, detail);
        });
        app.Use((context, next) =>
            context.Request.ContentLength is > RequestBodies.MaxBytes
                ? WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"Request bodies are limited to {RequestBodies.MaxBytes} bytes.")
                : next(context));
        return app;
    }

    public static Task WriteAsync(HttpContext context, int status, string detail)
    {
        var response = context.Response;
        if (response.HasStarted) return Task.CompletedTask;
        response.StatusCode = status;
        response.ContentType = ContentType;
        var slug = status switch
        {
            404 => "not-found",
            405 => "method-not-allowed",
            413 => "too-large",
            415 => "unsupported-media-type",
            500 => "internal",
            _ => $"http-{status}",
        };
        var title = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "Error.";
        return response.WriteAsync(JsonSerializer.Serialize(new { type = $"https://sslflow.dev/problems/{slug}", title, status, detail }));
    }

    private static string Allowed(HttpResponse response) =>
        response.Headers.Allow.ToString() is { Length: > 0 } allow ? $"; allowed: {allow}" : "";

    private static string Trim(string? value) => value is null ? "/" : value.Length > 100 ? value[..100] + "…" : value;
}
