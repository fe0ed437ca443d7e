using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SslFlow.Sectigo.Tests.Contract;

/// <summary>
/// A Kestrel listener on 127.0.0.1 (free port) standing where Sectigo stands: every request is held to the contract
/// table (method, content type, call name, parameters) and answered with what the test queued for that call, in the
/// documented URL-encoded form. Violations are collected; a test asserts there are none.
/// </summary>
public sealed class ContractListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _answers = new(StringComparer.Ordinal);

    private ContractListener(WebApplication app) => _app = app;

    public ContractTable Table { get; } = ContractTable.Load();

    public ConcurrentQueue<string> Violations { get; } = new();

    public ConcurrentQueue<(string Call, IReadOnlyDictionary<string, string> Form)> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<ContractListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var listener = new ContractListener(app);
        app.Run(listener.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        listener.BaseUrl = new Uri(address.TrimEnd('/') + "/products/");
        return listener;
    }

    /// <summary>Queues the body the next request to <paramref name="call"/> is answered with.</summary>
    public void Answer(string call, string body) => _answers.GetOrAdd(call, _ => new()).Enqueue(body);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var call = path.StartsWith("/products/download/", StringComparison.Ordinal) ? path["/products/download/".Length..]
            : path.StartsWith("/products/", StringComparison.Ordinal) ? path["/products/".Length..] : path;
        var contract = Table.Calls.SingleOrDefault(c => new Uri(c.Url).AbsolutePath == path);
        if (contract is null)
        {
            Violations.Enqueue($"{path}: no documented call at this path");
            context.Response.StatusCode = 404;
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType
            || context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            Violations.Enqueue($"{call}: not a form-encoded POST ({context.Request.Method} {context.Request.ContentType})");
            await context.Response.WriteAsync("errorCode=-17");
            return;
        }

        var form = await context.Request.ReadFormAsync();
        var pairs = form.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? ""))).ToList();
        foreach (var violation in contract.Violations(pairs))
        {
            Violations.Enqueue(violation);
        }

        Requests.Enqueue((contract.Name, pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value)));
        var body = _answers.TryGetValue(contract.Name, out var queue) && queue.TryDequeue(out var queued) ? queued : "errorCode=0";
        context.Response.ContentType = "application/x-www-form-urlencoded";
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
