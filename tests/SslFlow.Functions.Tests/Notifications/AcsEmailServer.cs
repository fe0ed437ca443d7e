using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SslFlow.Functions.Tests.Notifications;

/// <summary>
/// A real HTTPS endpoint on 127.0.0.1 (Kestrel, self-signed certificate) standing in for the ACS data plane: it
/// records every request and answers with the scripted responses in order (202 once the script runs out).
/// HTTPS because Azure.Core's bearer-token policy refuses to send a token over plain HTTP.
/// </summary>
internal sealed class AcsEmailServer : IAsyncDisposable
{
    public sealed record Recorded(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, long ReceivedAt);

    public sealed record Reply(int Status, IReadOnlyDictionary<string, string>? Headers = null, string? Body = null);

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Reply> script = new();

    private AcsEmailServer(WebApplication app, X509Certificate2 certificate, Uri endpoint)
    {
        this.app = app;
        this.Certificate = certificate;
        this.Endpoint = endpoint;
    }

    public X509Certificate2 Certificate { get; }

    public Uri Endpoint { get; }

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    public static async Task<AcsEmailServer> StartAsync()
    {
        var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(certificate)));
        var app = builder.Build();
        AcsEmailServer? server = null;
        app.Run(async context => await server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new AcsEmailServer(app, certificate, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        return server;
    }

    public void Then(int status, IReadOnlyDictionary<string, string>? headers = null, string? body = null) =>
        this.script.Enqueue(new Reply(status, headers, body));

    /// <summary>Trusts exactly this server's certificate.</summary>
    public HttpMessageHandler TrustingHandler() => new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == this.Certificate.GetCertHashString() },
    };

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        this.Requests.Enqueue(new Recorded(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray(), Stopwatch.GetTimestamp()));

        var reply = this.script.TryDequeue(out var next) ? next : new Reply(202);
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
        if (reply.Body is { } text)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(text);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel wants a certificate whose key it can use from a PFX-backed instance.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
        this.Certificate.Dispose();
    }
}
