using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SslFlow.Application.Operator;

/// <summary>
/// The operator surface: the dashboard (static, build-free HTML/CSS/JS) at <c>/</c> and <c>/dashboard/*</c>, and the
/// hand-written OpenAPI description at <c>/openapi.json</c>. The files are embedded so the host needs no web root and
/// the same bytes can be deployed as static content next to the Functions app. The page itself holds no data: every
/// call it makes goes to the API with the operator's key, so it is protected exactly like the API.
/// </summary>
public static class OperatorEndpoints
{
    public const string OpenApiRoute = "/openapi.json";

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext c) => Serve(c, "index.html"));
        app.MapGet("/dashboard/{**path}", (string? path, HttpContext c) => Serve(c, string.IsNullOrEmpty(path) ? "index.html" : path));
        app.MapGet(OpenApiRoute, (HttpContext c) => Serve(c, "openapi.json"));
        return app;
    }

    private static IResult Serve(HttpContext context, string name)
    {
        var asset = OperatorAssets.Find(name);
        if (asset is null) return Results.NotFound();
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        // Everything is served from here: no CDN, no inline script, no framing by other sites.
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XFrameOptions = "DENY";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(asset.ETag));
    }
}
