using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SslFlow.DevStack;

namespace SslFlow.Installation.Tests;

/// <summary>
/// A local Azure Resource Manager for one App Service site, on Kestrel over HTTPS (the bearer token policy refuses
/// plain HTTP). It checks every request the way ARM and App Service would — bearer token, api-version, path, body — and
/// answers like them: 200/201, or 202 + Azure-AsyncOperation for the certificate import when <see cref="AsyncImport"/>.
/// An import takes the thumbprint Key Vault holds for the secret (<see cref="KeyVaultThumbprints"/>); a binding to a
/// thumbprint that no certificate in the resource group has is refused, as App Service does.
/// </summary>
public sealed class ArmStub : IAsyncDisposable
{
    public const string Token = "arm-test-token";
    public const string ApiVersion = "2024-04-01";
    public const string Subscription = "00000000-0000-0000-0000-000000000001";
    public const string ResourceGroup = "rg-web";
    public const string Site = "contoso-web";
    public const string Location = "westeurope";
    public const string KeyVaultId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-sslflow";
    public static readonly string ServerFarmId = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Web/serverfarms/plan-web";
    private static readonly string Web = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Web";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _tls;
    private readonly ConcurrentDictionary<string, int> _operationPolls = new();

    private ArmStub(WebApplication app, X509Certificate2 tls, Uri endpoint)
    {
        _app = app;
        _tls = tls;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>"METHOD path" of every request, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>What a real ARM would have refused; a test asserts this stays empty.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Key Vault secret name → thumbprint of its current version, as App Service would import it.</summary>
    public ConcurrentDictionary<string, string> KeyVaultThumbprints { get; } = new();

    /// <summary>Microsoft.Web/certificates in the resource group: name → thumbprint.</summary>
    public ConcurrentDictionary<string, string> Certificates { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Host name → (sslState, thumbprint).</summary>
    public ConcurrentDictionary<string, (string SslState, string? Thumbprint)> Bindings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool AsyncImport { get; set; }

    /// <summary>A transport that trusts exactly this stub's certificate.</summary>
    public HttpPipelineTransport Transport() => new HttpClientTransport(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == _tls.Thumbprint,
    });

    public static async Task<ArmStub> StartAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var generated = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var tls = X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pfx), null);

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(tls)));
        var app = builder.Build();
        var stub = new ArmStub(app, tls, new Uri($"https://127.0.0.1:{port}/"));
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        return stub;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        Requests.Enqueue($"{request.Method} {path}");
        if (request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            await Error(context, 401, "AuthenticationFailed", "Missing or wrong bearer token.");
            return;
        }

        if (request.Query["api-version"].ToString() != ApiVersion)
        {
            await Error(context, 400, "InvalidApiVersionParameter", $"api-version '{request.Query["api-version"]}' is not {ApiVersion}.");
            return;
        }

        JsonNode? body = null;
        if (request.Method == "PUT")
        {
            if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                await Error(context, 415, "UnsupportedMediaType", "PUT bodies are JSON.");
                return;
            }

            body = await JsonNode.ParseAsync(request.Body);
        }

        var site = $"{Web}/sites/{Site}";
        if (path.Equals(site, StringComparison.OrdinalIgnoreCase) && request.Method == "GET")
        {
            await Json(context, 200, new JsonObject
            {
                ["id"] = site,
                ["name"] = Site,
                ["type"] = "Microsoft.Web/sites",
                ["location"] = Location,
                ["properties"] = new JsonObject { ["serverFarmId"] = ServerFarmId, ["state"] = "Running" },
            });
        }
        else if (path.StartsWith($"{Web}/sites/", StringComparison.OrdinalIgnoreCase) && !path.Contains("/hostNameBindings/", StringComparison.OrdinalIgnoreCase) && request.Method == "GET")
        {
            await Error(context, 404, "ResourceNotFound", "The Resource 'Microsoft.Web/sites/…' was not found.");
        }
        else if (path.StartsWith($"{site}/hostNameBindings/", StringComparison.OrdinalIgnoreCase))
        {
            await HostNameBindingAsync(context, path[$"{site}/hostNameBindings/".Length..], body);
        }
        else if (path.StartsWith($"{Web}/certificates/", StringComparison.OrdinalIgnoreCase))
        {
            await CertificateAsync(context, path[$"{Web}/certificates/".Length..], body);
        }
        else if (path.StartsWith("/operations/", StringComparison.Ordinal) && request.Method == "GET")
        {
            var id = path["/operations/".Length..];
            var polls = _operationPolls.AddOrUpdate(id, 1, (_, n) => n + 1);
            // In progress on the first poll, done on the second: the adapter must keep polling.
            await Json(context, 200, new JsonObject { ["status"] = polls < 2 ? "InProgress" : "Succeeded" }, retryAfter: 0);
        }
        else
        {
            Violations.Enqueue($"unexpected {request.Method} {path}");
            await Error(context, 404, "NotFound", $"No route for {request.Method} {path}.");
        }
    }

    private async Task CertificateAsync(HttpContext context, string name, JsonNode? body)
    {
        var id = $"{Web}/certificates/{name}";
        if (context.Request.Method == "GET")
        {
            if (Certificates.TryGetValue(name, out var existing))
            {
                await Json(context, 200, CertificateBody(id, name, existing));
            }
            else
            {
                await Error(context, 404, "ResourceNotFound", $"Certificate {name} not found.");
            }

            return;
        }

        var properties = body?["properties"];
        var secretName = properties?["keyVaultSecretName"]?.GetValue<string>();
        if (context.Request.Method != "PUT"
            || body?["location"]?.GetValue<string>() != Location
            || properties?["keyVaultId"]?.GetValue<string>() != KeyVaultId
            || properties?["serverFarmId"]?.GetValue<string>() != ServerFarmId
            || secretName is null)
        {
            Violations.Enqueue($"bad certificate request {context.Request.Method} {name}: {body?.ToJsonString()}");
            await Error(context, 400, "BadRequest", "location, keyVaultId, keyVaultSecretName and serverFarmId are required.");
            return;
        }

        if (!KeyVaultThumbprints.TryGetValue(secretName, out var thumbprint))
        {
            await Error(context, 400, "KeyVaultSecretNotFound", $"Secret {secretName} was not found in the Key Vault.");
            return;
        }

        var created = Certificates.TryAdd(name, thumbprint);
        Certificates[name] = thumbprint;
        if (AsyncImport)
        {
            var operation = Guid.NewGuid().ToString("N");
            context.Response.Headers["Azure-AsyncOperation"] = new Uri(Endpoint, $"operations/{operation}?api-version={ApiVersion}").ToString();
            await Json(context, 202, null, retryAfter: 0);
            return;
        }

        await Json(context, created ? 201 : 200, CertificateBody(id, name, thumbprint));
    }

    private async Task HostNameBindingAsync(HttpContext context, string hostName, JsonNode? body)
    {
        var id = $"{Web}/sites/{Site}/hostNameBindings/{hostName}";
        if (context.Request.Method == "GET")
        {
            if (Bindings.TryGetValue(hostName, out var existing))
            {
                await Json(context, 200, BindingBody(id, hostName, existing.SslState, existing.Thumbprint));
            }
            else
            {
                await Error(context, 404, "ResourceNotFound", $"Host name binding {hostName} not found.");
            }

            return;
        }

        var properties = body?["properties"];
        var thumbprint = properties?["thumbprint"]?.GetValue<string>();
        if (context.Request.Method != "PUT"
            || properties?["sslState"]?.GetValue<string>() != "SniEnabled"
            || properties?["siteName"]?.GetValue<string>() != Site
            || thumbprint is null)
        {
            Violations.Enqueue($"bad binding request {context.Request.Method} {hostName}: {body?.ToJsonString()}");
            await Error(context, 400, "BadRequest", "sslState SniEnabled, siteName and thumbprint are required.");
            return;
        }

        if (!Certificates.Values.Contains(thumbprint, StringComparer.OrdinalIgnoreCase))
        {
            Violations.Enqueue($"binding to unknown thumbprint {thumbprint}");
            await Error(context, 400, "CertificateNotFound", $"Certificate with thumbprint {thumbprint} was not found in the resource group.");
            return;
        }

        Bindings[hostName] = ("SniEnabled", thumbprint);
        await Json(context, 200, BindingBody(id, hostName, "SniEnabled", thumbprint));
    }

    private static JsonObject CertificateBody(string id, string name, string thumbprint) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["type"] = "Microsoft.Web/certificates",
        ["location"] = Location,
        ["properties"] = new JsonObject { ["thumbprint"] = thumbprint, ["keyVaultId"] = KeyVaultId, ["serverFarmId"] = ServerFarmId },
    };

    private static JsonObject BindingBody(string id, string hostName, string sslState, string? thumbprint) => new()
    {
        ["id"] = id,
        ["name"] = $"{Site}/{hostName}",
        ["type"] = "Microsoft.Web/sites/hostNameBindings",
        ["properties"] = new JsonObject { ["siteName"] = Site, ["sslState"] = sslState, ["thumbprint"] = thumbprint },
    };

    private static async Task Json(HttpContext context, int status, JsonNode? body, int? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString());
        }
    }

    private static Task Error(HttpContext context, int status, string code, string message) =>
        Json(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _tls.Dispose();
    }
}

/// <summary>The managed identity's token, and a check that ARM's scope was asked for.</summary>
public sealed class ArmTokenCredential : TokenCredential
{
    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes) Scopes.Enqueue(scope);
        return new AccessToken(ArmStub.Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
