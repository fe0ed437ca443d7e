using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.DevStack;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using SslFlow.LocalHost;
using SslFlow.LocalHost.Demo;

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
}
