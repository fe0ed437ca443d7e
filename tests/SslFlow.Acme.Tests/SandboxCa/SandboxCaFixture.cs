using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Adapters.SandboxCa;
using SslFlow.DevStack;

namespace SslFlow.Acme.Tests.SandboxCa;

/// <summary>One real sandbox CA process (operator-driven, webhooks to an in-test sink) shared by the adapter tests.</summary>
public sealed class SandboxCaFixture : IAsyncLifetime
{
    public static readonly string Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public SandboxCaRunner Sandbox { get; private set; } = null!;
    public WebhookSink Webhooks { get; } = new();
    public HttpClient Http { get; } = new();

    public async Task InitializeAsync() => Sandbox = await SandboxCaRunner.StartAsync(Webhooks.Url, Secret);

    public SandboxCertificateAuthority Adapter(string? apiKey = null) =>
        new(Http, new SandboxCaOptions { BaseUrl = Sandbox.BaseUri.ToString(), ApiKey = apiKey ?? Sandbox.ApiKey, OrganizationName = "Example Hosting S.p.A." },
            TimeProvider.System, NullLogger<SandboxCertificateAuthority>.Instance);

    public async Task DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await Webhooks.DisposeAsync();
        Http.Dispose();
    }
}
