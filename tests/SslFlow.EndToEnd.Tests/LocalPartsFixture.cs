using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SslFlow.DevStack;
using SslFlow.LocalHost;
using SslFlow.DevHost.LocalStack;

namespace SslFlow.EndToEnd.Tests;

/// <summary>Real Azurite, Pebble (+ challtestsrv, EAB) and maildev for the end-to-end tests, started once.</summary>
public sealed class LocalPartsFixture : IAsyncLifetime
{
    public AzuriteRunner Azurite { get; private set; } = null!;
    public PebbleRunner Pebble { get; private set; } = null!;
    public MailDevRunner Mail { get; private set; } = null!;
    public string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteRunner.StartAllServicesAsync(); // blobs and queues too: the Durable Task Framework's Azure Storage provider
        Pebble = await PebbleRunner.StartAsync(FreePort.Next());
        Mail = await MailDevRunner.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Mail.DisposeAsync();
        await Pebble.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>Settings for a host over these parts, with its own vault folder and task hub.</summary>
    public Dictionary<string, string?> Settings(string dataDirectory, int apiPort, string taskHub) =>
        HostSettings.For(Azurite, Pebble, Mail, dataDirectory, apiPort, ApiKey, new Dictionary<string, string?>
        {
            ["SslFlow:TaskHub"] = taskHub,

        });

    /// <summary>Settings for a host a test kills and restarts: its own hub, with <see cref="HostSettings.FastRecovery"/>.</summary>
    public Dictionary<string, string?> KillableSettings(string dataDirectory, int apiPort)
    {
        var settings = Settings(dataDirectory, apiPort, "Hub" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var (k, v) in HostSettings.FastRecovery) settings[k] = v;
        return settings;
    }

    public HttpClient Client(int apiPort)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }

    /// <summary>An in-process host (the same composition as the local run).</summary>
    public async Task<(WebApplication App, HttpClient Http, string DataDirectory)> StartHostAsync(IDictionary<string, string?>? overrides = null)
    {
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-e2e-").FullName;
        var settings = Settings(data, port, "Hub" + Guid.NewGuid().ToString("N")[..10]);
        settings["SslFlow:Inventory:TablePrefix"] = "Inv" + Guid.NewGuid().ToString("N")[..10]; // renewal runs see only this host's certificates
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        var app = LocalHostProgram.Build(["--urls", $"http://127.0.0.1:{port}"], c => c.AddInMemoryCollection(settings));
        await app.StartAsync();
        return (app, Client(port), data);
    }

    /// <summary>Polls the status API (as a customer would) until the order reaches one of <paramref name="statuses"/>.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient http, string orderId, TimeSpan timeout, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            JsonElement view = default;
            try
            {
                view = await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
                if (statuses.Contains(view.GetProperty("status").GetString())) return view;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // the host is restarting
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Order {orderId} did not reach {string.Join("/", statuses)}; last: {view}");
            await Task.Delay(100); // observing an external process through its public API
        }
    }

    public static async Task<string> PlaceOrderAsync(HttpClient http, object order)
    {
        var response = await http.PostAsJsonAsync("api/orders", order);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetString()!;
    }
}

[CollectionDefinition(Name)]
public sealed class LocalPartsCollection : ICollectionFixture<LocalPartsFixture>
{
    public const string Name = "local-parts";
}
