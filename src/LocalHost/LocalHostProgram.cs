using SslFlow.Application.Caas;
using SslFlow.Adapters.Challenges;
using SslFlow.Application.Http;
using SslFlow.Application.Operator;
using SslFlow.Application.Orders;
using SslFlow.Application.Organizations;
using SslFlow.Application.Webhooks;
using SslFlow.LocalHost.Composition;

namespace SslFlow.LocalHost;

/// <summary>
/// The service host: the service with the settings it is given, and nothing else (the demo, the local stack and the
/// crash hooks are the development host's, src/DevHost, which builds this one and adds them).
/// </summary>
public static class LocalHostProgram
{
    private const string Http01Path = "/.well-known/acme-challenge";

    public static async Task<int> MainAsync(string[] args)
    {
        var app = Build(args);
        await app.RunAsync();
        return 0;
    }

    /// <param name="services">Runs after the service's own registrations (the benchmarks decorate ports to time them; the
    /// development host adds its <see cref="Composition.IActivityDecorator"/>).</param>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.Services.AddSslFlowLocal(builder.Configuration);
        services?.Invoke(builder.Services);
        builder.Services.AddProblemDetails();
        builder.Logging.AddSslFlowRequestLog();
        var http01Port = builder.Configuration.GetValue($"{LocalHostOptions.Section}:{nameof(LocalHostOptions.Http01Port)}", 5002);
        var apiUrl = builder.Configuration["urls"] ?? "http://127.0.0.1:5080";
        builder.WebHost.UseUrls(apiUrl, $"http://127.0.0.1:{http01Port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBodies.TransportMaxBytes);

        var app = builder.Build();
        // One request line with the query's values redacted, instead of the framework's verbatim URL (RequestLog says why).
        app.UseSslFlowRequestLog();
        // Every error is a problem document: handler refusals, unmatched routes, 405, bodies over the one limit (chunked
        // too; Kestrel's own ceiling above is higher so an over-limit body is drained and the 413 arrives), and failures (ProblemPipeline says what Kestrel answers itself).
        app.UseProblemResponses();
        // The http-01 port faces the internet (port 80 in production): it answers ACME challenges and nothing else,
        // so the API, webhooks and dashboard are reachable only on the API address.
        app.Use((context, next) =>
            context.Connection.LocalPort == http01Port && !context.Request.Path.StartsWithSegments(Http01Path)
                ? Results.NotFound().ExecuteAsync(context)
                : next(context));
        app.MapOrderEndpoints();
        app.MapOrganizationProfileEndpoints();
        app.MapCaasEndpoints();
        app.MapWebhookEndpoints();
        app.MapOperatorEndpoints();
        app.MapGet(Http01Path + "/{token}", async (string token, Http01ChallengeStore store, CancellationToken ct) =>
            await store.FindAsync(token, ct) is { } value ? Results.Text(value, "application/octet-stream") : Results.NotFound());
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
