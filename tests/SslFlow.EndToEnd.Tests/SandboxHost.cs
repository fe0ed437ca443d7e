using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.DevStack;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using SslFlow.LocalHost;
using SslFlow.DevHost.LocalStack;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// The local host (in-process, same composition as the local run) wired to its own sandbox CA process, whose webhooks
/// come to this host's <c>/api/webhooks/sandbox</c> signed with <see cref="WebhookSecret"/>.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private SandboxHost(WebApplication app, HttpClient http, SandboxCaRunner sandbox, string webhookSecret, int port)
    {
        App = app;
        Http = http;
        Sandbox = sandbox;
        WebhookSecret = webhookSecret;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public WebApplication App { get; }
    public HttpClient Http { get; }
    public SandboxCaRunner Sandbox { get; }
    public string WebhookSecret { get; }
    public Uri BaseUri { get; }

    public DurableTaskClient Workflow => App.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The framework's own client: instance history for assertions on what the orchestration received.</summary>
    public IOrchestrationServiceClient Durable => App.Services.GetRequiredService<IOrchestrationServiceClient>();

    public static async Task<SandboxHost> StartAsync(LocalPartsFixture parts, TimeSpan? autoApproveAfter = null, int dropWebhooksPercent = 0,
        IDictionary<string, string?>? overrides = null)
    {
        var port = FreePort.Next();
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var sandbox = await SandboxCaRunner.StartAsync(new Uri($"http://127.0.0.1:{port}/api/webhooks/sandbox"), secret, autoApproveAfter, dropWebhooksPercent, smtpPort: parts.Mail.SmtpPort);
        try
        {
            var data = Directory.CreateTempSubdirectory("sslflow-e2e-").FullName;
            var settings = parts.Settings(data, port, "Hub" + Guid.NewGuid().ToString("N")[..10]);
            foreach (var (k, v) in HostSettings.ForSandbox(sandbox, secret)) settings[k] = v;
            foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
            var app = LocalHostProgram.Build(["--urls", $"http://127.0.0.1:{port}"], c => c.AddInMemoryCollection(settings));
            await app.StartAsync();
            return new SandboxHost(app, parts.Client(port), sandbox, secret, port);
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    /// <summary>
    /// The certificate the API serves for <paramref name="orderId"/>, with no private key, checked to chain to this
    /// sandbox CA's own test root (for <paramref name="applicationPolicy"/>, an EKU OID, when given).
    /// </summary>
    public async Task<X509Certificate2> AssertChainsToSandboxRootAsync(string orderId, string? applicationPolicy = null)
    {
        var pem = await Http.GetStringAsync($"api/orders/{orderId}/certificate");
        Assert.DoesNotContain("PRIVATE KEY", pem);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(pem);
        using var root = X509Certificate2.CreateFromPem(await Sandbox.GetRootPemAsync());
        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.CustomTrustStore.Add(root);
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (applicationPolicy is not null) x509.ChainPolicy.ApplicationPolicy.Add(new Oid(applicationPolicy));
        x509.ChainPolicy.ExtraStore.AddRange(chain);
        Assert.True(x509.Build(chain[0]), string.Join("; ", x509.ChainStatus.Select(s => s.StatusInformation)));
        return chain[0];
    }
}
