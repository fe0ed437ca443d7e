using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SslFlow.DevStack;
using SslFlow.LocalHost;
using SslFlow.DevHost.LocalStack;

namespace SslFlow.Operator.Tests;

/// <summary>
/// Real Azurite, Pebble (+ challtestsrv, EAB, a small pool of CaaS EAB keys), maildev and the sandbox CA process (handing that
/// pool out for CaaS orders), and one in-process local host over them (the same composition as <c>scripts/demo.sh</c>), shared
/// by the CLI and dashboard tests. Besides the flat key of the customer "demo" (<see cref="ApiKey"/>), two accounts: an
/// operator (<see cref="OperatorKey"/>) and a second customer (<see cref="OtherCustomerKey"/>).
/// </summary>
public sealed class OperatorHostFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public AzuriteRunner Azurite { get; private set; } = null!;
    public PebbleRunner Pebble { get; private set; } = null!;
    public MailDevRunner Mail { get; private set; } = null!;
    public SandboxCaRunner Sandbox { get; private set; } = null!;
    public string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    public string OperatorKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    public string OtherCustomerKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    public Uri BaseUrl { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteRunner.StartAllServicesAsync();
        // A few EAB keys for CaaS orders (each order takes one; the tests place a handful).
        Pebble = await PebbleRunner.StartAsync(FreePort.Next(), eabPoolSize: 8);
        Mail = await MailDevRunner.StartAsync();
        var port = FreePort.Next();
        // The sandbox CA (order API for OV/EV and email DCV) without auto-approval: the operator approves each step.
        var webhookSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Sandbox = await SandboxCaRunner.StartAsync(new Uri($"http://127.0.0.1:{port}/api/webhooks/sandbox"), webhookSecret,
            eabPoolFile: Pebble.EabPoolPath, caasDirectoryUrl: Pebble.DirectoryUri);
        var data = Directory.CreateTempSubdirectory("sslflow-operator-").FullName;
        var settings = HostSettings.For(Azurite, Pebble, Mail, data, port, ApiKey, HostSettings.ForSandbox(Sandbox, webhookSecret));
        settings["SslFlow:TaskHub"] = "Op" + Guid.NewGuid().ToString("N")[..10];
        settings["SslFlow:Accounts:ops:Role"] = "Operator";
        settings["SslFlow:Accounts:ops:ApiKeys:0"] = OperatorKey;
        settings["SslFlow:Accounts:other-customer:ApiKeys:0"] = OtherCustomerKey;
        _app = LocalHostProgram.Build(["--urls", $"http://127.0.0.1:{port}"], c => c.AddInMemoryCollection(settings));
        await _app.StartAsync();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseUrl };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Mail.DisposeAsync();
        await Pebble.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    public static string NewDomain(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)] + ".sslflow.test";

    public async Task<JsonElement> GetOrderAsync(string orderId) => await Http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");

    /// <summary>The order as the account owning <paramref name="apiKey"/> sees it (the operator's key sees every order).</summary>
    public async Task<JsonElement> GetOrderAsync(string orderId, string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/orders/{orderId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls the status API, as a customer would, until <paramref name="done"/> holds for the order (bounded).</summary>
    public async Task<JsonElement> WaitForOrderAsync(string orderId, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var view = await GetOrderAsync(orderId);
            if (done(view)) return view;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Order {orderId} did not get there within {timeout}; last: {view}");
            await Task.Delay(100); // observing the host through its public API
        }
    }

    /// <summary>Pebble's root, to check that a downloaded chain really chains to the CA.</summary>
    public async Task<System.Security.Cryptography.X509Certificates.X509Certificate2> PebbleRootAsync() =>
        System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await Pebble.GetRootPemAsync());
}

[CollectionDefinition(Name)]
public sealed class OperatorHostCollection : ICollectionFixture<OperatorHostFixture>
{
    public const string Name = "operator-host";
}
