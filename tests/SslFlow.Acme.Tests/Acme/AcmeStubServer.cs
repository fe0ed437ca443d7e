using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SslFlow.AcmeClient;
using SslFlow.DevStack;

namespace SslFlow.Acme.Tests.Acme;

/// <summary>
/// A small ACME server returning RFC-shaped JSON, for what Pebble 2.4 (Debian) does not offer: ARI (RFC 9773
/// renewalInfo), profiles, and a rateLimited answer with Retry-After. It records each JWS's protected header and payload.
/// </summary>
public sealed class AcmeStubServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _nonce;

    public AcmeStubServer(bool offerAri, bool offerProfiles, bool rateLimitOrders = false)
    {
        Base = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        _listener.Prefixes.Add(Base.ToString());
        _listener.Start();
        OfferAri = offerAri;
        OfferProfiles = offerProfiles;
        RateLimitOrders = rateLimitOrders;
        _loop = Task.Run(LoopAsync);
    }

    public Uri Base { get; }
    public Uri Directory => new(Base, "dir");
    public bool OfferAri { get; }
    public bool OfferProfiles { get; }
    public bool RateLimitOrders { get; }

    /// <summary>(path, protected header, payload) of each signed POST.</summary>
    public ConcurrentQueue<(string Path, JsonObject Protected, JsonNode? Payload)> Posts { get; } = new();

    public ConcurrentQueue<string> AriRequests { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext c;
            try
            {
                c = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            try
            {
                await HandleAsync(c);
            }
            finally
            {
                c.Response.Close();
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext c)
    {
        var path = c.Request.Url!.AbsolutePath;
        c.Response.AddHeader("Replay-Nonce", $"nonce-{Interlocked.Increment(ref _nonce)}");
        if (path == "/dir")
        {
            var dir = new JsonObject
            {
                ["newNonce"] = new Uri(Base, "nonce").ToString(),
                ["newAccount"] = new Uri(Base, "acct").ToString(),
                ["newOrder"] = new Uri(Base, "order").ToString(),
                ["revokeCert"] = new Uri(Base, "revoke").ToString(),
                ["meta"] = new JsonObject { ["externalAccountRequired"] = true },
            };
            if (OfferAri) dir["renewalInfo"] = new Uri(Base, "ari").ToString();
            if (OfferProfiles) dir["meta"]!["profiles"] = new JsonObject { ["classic"] = "90-day TLS server", ["shortlived"] = "6-day TLS server" };
            await WriteAsync(c, 200, dir);
            return;
        }
        if (path == "/nonce")
        {
            c.Response.StatusCode = 200;
            return;
        }
        if (path.StartsWith("/ari/", StringComparison.Ordinal))
        {
            AriRequests.Enqueue(path[5..]);
            c.Response.AddHeader("Retry-After", "21600");
            await WriteAsync(c, 200, new JsonObject
            {
                ["suggestedWindow"] = new JsonObject { ["start"] = "2026-12-01T00:00:00Z", ["end"] = "2026-12-03T00:00:00Z" },
                ["explanationURL"] = "https://ca.example/ari-explained",
            });
            return;
        }

        using var reader = new StreamReader(c.Request.InputStream);
        var jws = JsonNode.Parse(await reader.ReadToEndAsync())!;
        var protectedHeader = JsonNode.Parse(Base64Url.Decode(jws["protected"]!.GetValue<string>()))!.AsObject();
        var payloadText = jws["payload"]!.GetValue<string>();
        var payload = payloadText.Length == 0 ? null : JsonNode.Parse(Base64Url.Decode(payloadText));
        Posts.Enqueue((path, protectedHeader, payload));
        switch (path)
        {
            case "/acct":
                c.Response.AddHeader("Location", new Uri(Base, "acct/1").ToString());
                await WriteAsync(c, 201, new JsonObject { ["status"] = "valid" });
                break;
            case "/order" when RateLimitOrders:
                c.Response.AddHeader("Retry-After", "120");
                await WriteAsync(c, 429, new JsonObject
                {
                    ["type"] = "urn:ietf:params:acme:error:rateLimited",
                    ["detail"] = "Too many new orders (300) for this account in the last 3 hours",
                    ["status"] = 429,
                }, "application/problem+json");
                break;
            case "/order":
                c.Response.AddHeader("Location", new Uri(Base, "order/1").ToString());
                await WriteAsync(c, 201, new JsonObject
                {
                    ["status"] = "pending",
                    ["identifiers"] = payload!["identifiers"]!.DeepClone(),
                    ["authorizations"] = new JsonArray(),
                    ["finalize"] = new Uri(Base, "order/1/finalize").ToString(),
                });
                break;
            default:
                await WriteAsync(c, 404, new JsonObject { ["type"] = "urn:ietf:params:acme:error:malformed", ["detail"] = "no such resource", ["status"] = 404 }, "application/problem+json");
                break;
        }
    }

    private static async Task WriteAsync(HttpListenerContext c, int status, JsonNode body, string contentType = "application/json")
    {
        c.Response.StatusCode = status;
        c.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        await c.Response.OutputStream.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
