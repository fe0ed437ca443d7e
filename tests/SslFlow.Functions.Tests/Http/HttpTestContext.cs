using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SslFlow.Functions.Tests.Http;

/// <summary>Builds the HttpRequest the ASP.NET Core integration hands a trigger, and runs the trigger's result into a response.</summary>
internal static class HttpTestContext
{
    public static HttpRequest Request(string method, string? body = null, string? apiKey = null, IDictionary<string, string>? headers = null, string? query = null)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = method;
        var bytes = Encoding.UTF8.GetBytes(body ?? "");
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        if (query is not null) context.Request.QueryString = new QueryString(query);
        if (apiKey is not null) context.Request.Headers.Authorization = "Bearer " + apiKey;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) context.Request.Headers[name] = value;
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public sealed record Response(int Status, string? Location, string ContentType, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(this.Body).RootElement;
    }

    public static async Task<Response> ExecuteAsync(IActionResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new Response(context.Response.StatusCode, context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
            context.Response.ContentType ?? "", body);
    }
}
