using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SslFlow.Adapters.Caas;
using SslFlow.Adapters.SandboxCa;
using SslFlow.DevStack;

namespace SslFlow.Caas.Tests;

/// <summary>
/// The real parts, started once for the collection: Pebble with a pool of 20 CaaS EAB keys (plus SslFlow's own), the
/// sandbox CA process handing that pool out (webhooks to an in-test sink), and Azurite for the credential store.
/// Every log line of the SslFlow side goes to <see cref="Logs"/>, so tests can search it for secrets.
/// </summary>
public sealed class CaasFixture : IAsyncLifetime
{
    public const int PoolSize = 20;
    public static readonly string WebhookSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public PebbleRunner Pebble { get; private set; } = null!;
    public SandboxCaRunner Sandbox { get; private set; } = null!;
    public AzuriteRunner Azurite { get; private set; } = null!;
    /// <summary>The customer's mailbox for the end-to-end tests through the local host (order emails go there).</summary>
    public MailDevRunner Mail { get; private set; } = null!;
    public WebhookSink Webhooks { get; } = new();
    public CapturingLoggerProvider Logs { get; } = new();
    public HttpClient Http { get; } = new();
    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("sslflow-caas-tests-").FullName;

    /// <summary>The pool file handed to Pebble and the sandbox (kept outside Pebble's folder so a restarted Pebble can reuse it).</summary>
    public string PoolPath => Path.Combine(WorkDirectory, "eab-pool.json");

    public async Task InitializeAsync()
    {
        // Blob + queue + table: the local host's Durable Task Framework provider needs all three.
        var azurite = AzuriteRunner.StartAllServicesAsync();
        var mail = MailDevRunner.StartAsync();
        Pebble = await PebbleRunner.StartAsync(FreePort.Next(), eabPoolSize: PoolSize, eabPoolPath: PoolPath);
        Sandbox = await SandboxCaRunner.StartAsync(Webhooks.Url, WebhookSecret, eabPoolFile: PoolPath, caasDirectoryUrl: Pebble.DirectoryUri);
        Azurite = await azurite;
        Mail = await mail;
    }

    public SandboxCaasProvider Provider() =>
        new(Http, new SandboxCaOptions { BaseUrl = Sandbox.BaseUri.ToString(), ApiKey = Sandbox.ApiKey }, TimeProvider.System, Logs.CreateLogger<SandboxCaasProvider>());

    /// <summary>A store on its own table (tests do not share data), with the given clock.</summary>
    public async Task<(TableCredentialStore Store, TableClient Table, CaasCredentialOptions Options)> StoreAsync(TimeProvider time)
    {
        var options = new CaasCredentialOptions
        {
            EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            TableName = "Caas" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
        };
        var service = new TableServiceClient(Azurite.ConnectionString);
        var store = new TableCredentialStore(service, options, time, Logs.CreateLogger<TableCredentialStore>());
        await store.EnsureCreatedAsync();
        return (store, service.GetTableClient(options.TableName), options);
    }

    public async Task DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await Pebble.DisposeAsync();
        await Azurite.DisposeAsync();
        await Mail.DisposeAsync();
        await Webhooks.DisposeAsync();
        Http.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CaasCollection : ICollectionFixture<CaasFixture>
{
    public const string Name = "caas";
}
