using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SslFlow.Application.Http;

/// <summary>
/// The one request log line of the host, and the reason the framework's own is off: ASP.NET Core's hosting diagnostics
/// ("Request starting GET http://…/api/orders?api_key=…") write the query string verbatim, so a client that puts its API
/// key in the URL by mistake (<c>?api_key=</c>, <c>?access_token=</c>; refused, since keys are read from headers only)
/// would leave the key in every log sink. This line has the method, the path, the status and the time; of the query only
/// the parameter names (short identifiers; anything else is one <c>[redacted]</c>), never a value.
/// </summary>
public static class RequestLog
{
    /// <summary>The framework's request start/finish lines; filtered out at every level below Warning.</summary>
    public const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    public const string Category = "SslFlow.Requests";
    public const string Redacted = "[redacted]";

    /// <summary>Call on the host's logging builder (after configuration is read, so a setting cannot turn the verbatim lines back on).</summary>
    public static ILoggingBuilder AddSslFlowRequestLog(this ILoggingBuilder logging)
    {
        logging.AddFilter(HostingCategory, LogLevel.Warning);
        return logging;
    }

    /// <summary>Call first in the pipeline, so the status written by every later part is the one logged.</summary>
    public static IApplicationBuilder UseSslFlowRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
            ? factory.CreateLogger(Category)
            : null;
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                logger?.LogInformation("HTTP {Method} {Path}{Query} answered {Status} in {ElapsedMs:0.0} ms",
                    context.Request.Method, Trim(context.Request.Path.Value), Query(context.Request.QueryString), context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    /// <summary><c>?a=[redacted]&amp;b=[redacted]</c>: names kept when they are short identifiers, values never.</summary>
    public static string Query(QueryString query)
    {
        if (!query.HasValue || query.Value is not { Length: > 1 } raw) return "";
        var parts = raw[1..].Split('&', StringSplitOptions.RemoveEmptyEntries);
        var names = parts.Take(10).Select(p =>
        {
            var name = p.Split('=', 2)[0];
            // A key sent as a name (?<key>) must not pass: long or unusual names are redacted too.
            return name.Length is > 0 and <= 20 && name.All(c => char.IsAsciiLetter(c) || c == '_' || c == '-') ? $"{name}={Redacted}" : Redacted;
        });
        return "?" + string.Join('&', names) + (parts.Length > 10 ? "&…" : "");
    }

    private static string Trim(string? path) => path is null ? "/" : path.Length > 200 ? path[..200] + "…" : path;
}
