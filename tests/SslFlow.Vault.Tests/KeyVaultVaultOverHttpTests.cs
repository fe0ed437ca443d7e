using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SslFlow.Vault.KeyVault;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Vault.Tests;

/// <summary>
/// <see cref="KeyVaultVault"/> with the real <see cref="CertificateClientOperations"/> and SDK client, against
/// Key Vault's REST shapes: checks what actually goes over the wire and how the SDK reports 409/429/404.
/// </summary>
public sealed class KeyVaultVaultOverHttpTests : IDisposable
{
    private const string Name = "www-example-com";
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly KeyVaultHttpStub _http = new();
    private readonly RecordingTimeProvider _time = new();
    private readonly TestCa _ca = new();
    private readonly KeyVaultVault _vault;

    public KeyVaultVaultOverHttpTests()
    {
        _vault = new KeyVaultVault(_http.CreateClient(), _time);
    }

    [Fact]
    public async Task Create_posts_the_policy_and_returns_the_operations_csr()
    {
        byte[] csr = [0x30, 0x01, 0x02];
        _http.Respond = (method, path, _) => method == HttpMethod.Post && path == $"/certificates/{Name}/create"
            ? (HttpStatusCode.Accepted, Operation("inProgress", csr, "req-1"))
            : Unexpected(method, path);

        var pending = await _vault.CreateCsrAsync(new CsrRequest(Name, "www.example.com", ["www.example.com", "example.com"], KeyAlgorithm.Rsa3072), Ct);

        Assert.Equal(csr, pending.Csr);
        Assert.Equal("req-1", pending.Version);
        using var body = JsonDocument.Parse(Assert.Single(_http.Requests).Body);
        var policy = body.RootElement.GetProperty("policy");
        Assert.Equal("Unknown", policy.GetProperty("issuer").GetProperty("name").GetString());
        Assert.Equal("RSA", policy.GetProperty("key_props").GetProperty("kty").GetString());
        Assert.Equal(3072, policy.GetProperty("key_props").GetProperty("key_size").GetInt32());
        Assert.False(policy.GetProperty("key_props").GetProperty("exportable").GetBoolean());
        Assert.False(policy.GetProperty("key_props").GetProperty("reuse_key").GetBoolean());
        Assert.Equal("application/x-pkcs12", policy.GetProperty("secret_props").GetProperty("contentType").GetString());
        Assert.Equal("CN=www.example.com", policy.GetProperty("x509_props").GetProperty("subject").GetString());
        Assert.Equal(
            ["www.example.com", "example.com"],
            policy.GetProperty("x509_props").GetProperty("sans").GetProperty("dns_names").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_409_reads_the_pending_operation()
    {
        byte[] csr = [0x30, 0x09];
        _http.Respond = (method, path, _) => (method.Method, path) switch
        {
            ("POST", $"/certificates/{Name}/create") => (HttpStatusCode.Conflict, Error("Conflict", "There is a pending operation on this certificate.")),
            ("GET", $"/certificates/{Name}/pending") => (HttpStatusCode.OK, Operation("inProgress", csr, "req-9")),
            _ => Unexpected(method, path),
        };

        var pending = await _vault.CreateCsrAsync(new CsrRequest(Name, "www.example.com", []), Ct);

        Assert.Equal(csr, pending.Csr);
        Assert.Equal("req-9", pending.Version);
    }

    [Fact]
    public async Task A_429_from_the_service_is_backed_off_on_the_clock()
    {
        var posts = 0;
        _http.Respond = (method, path, _) => ++posts <= 2
            ? (HttpStatusCode.TooManyRequests, Error("Throttled", "Rate limit exceeded."))
            : (HttpStatusCode.Accepted, Operation("inProgress", [0x30, 0x00], "req-2"));

        var creating = _vault.CreateCsrAsync(new CsrRequest(Name, "www.example.com", []), Ct);
        Assert.Equal(TimeSpan.FromSeconds(1), await _time.NextTimerAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), await _time.NextTimerAsync());
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("req-2", (await creating.WaitAsync(TimeSpan.FromSeconds(10))).Version);
        Assert.Equal(3, posts);
    }

    [Fact]
    public async Task Cancel_cancels_then_deletes_the_pending_operation()
    {
        _http.Respond = (method, path, _) => (method.Method, path) switch
        {
            ("GET", $"/certificates/{Name}/pending") => (HttpStatusCode.OK, Operation("inProgress", [0x30, 0x00], "req-3")),
            ("PATCH", $"/certificates/{Name}/pending") => (HttpStatusCode.OK, Operation("inProgress", [0x30, 0x00], "req-3", cancellationRequested: true)),
            ("DELETE", $"/certificates/{Name}/pending") => (HttpStatusCode.OK, Operation("inProgress", [0x30, 0x00], "req-3", cancellationRequested: true)),
            _ => Unexpected(method, path),
        };

        await _vault.CancelPendingAsync(Name, Ct);

        Assert.Equal(["GET", "PATCH", "DELETE"], _http.Requests.Select(r => r.Method.Method));
        Assert.True(JsonDocument.Parse(_http.Requests[1].Body).RootElement.GetProperty("cancellation_requested").GetBoolean());
    }

    [Fact]
    public async Task Cancel_with_no_operation_makes_no_change()
    {
        await _vault.CancelPendingAsync(Name, Ct);

        Assert.Equal(["GET"], _http.Requests.Select(r => r.Method.Method));
    }

    [Fact]
    public async Task Merge_posts_the_chain_and_get_reads_the_current_certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = CsrFactory.CreateCsr(key, new CsrRequest(Name, "www.example.com", []));
        var chain = _ca.Issue(csr);
        var merged = false;
        _http.Respond = (method, path, _) => (method.Method, path.TrimEnd('/')) switch
        {
            ("GET", $"/certificates/{Name}") => merged ? (HttpStatusCode.OK, Certificate("v2", chain[0])) : (HttpStatusCode.NotFound, Error("CertificateNotFound", "not found")),
            ("GET", $"/certificates/{Name}/pending") => (HttpStatusCode.OK, Operation("inProgress", csr, "req-4")),
            ("POST", $"/certificates/{Name}/pending/merge") => Merged(),
            _ => Unexpected(method, path),
        };

        var result = await _vault.MergeAsync(Name, chain, Ct);
        var current = await _vault.GetCertificateAsync(Name, Ct);

        Assert.Equal("v2", result.Version);
        using var leaf = X509CertificateLoader.LoadCertificate(chain[0]);
        Assert.Equal(leaf.SerialNumber, result.SerialNumber);
        using var mergeBody = JsonDocument.Parse(_http.Requests.Single(r => r.Path.EndsWith("/merge", StringComparison.Ordinal)).Body);
        Assert.Equal(chain.Select(Convert.ToBase64String), mergeBody.RootElement.GetProperty("x5c").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("v2", current!.Version);
        Assert.Equal(leaf.Thumbprint, current.Thumbprint);

        (HttpStatusCode, string) Merged()
        {
            merged = true;
            return (HttpStatusCode.Created, Certificate("v2", chain[0]));
        }
    }

    public void Dispose()
    {
        _ca.Dispose();
        _http.Dispose();
    }

    private static (HttpStatusCode, string) Unexpected(HttpMethod method, string path) =>
        throw new Xunit.Sdk.XunitException($"Unexpected request {method} {path}");

    private static string Error(string code, string message) =>
        JsonSerializer.Serialize(new { error = new { code, message } });

    private static string Operation(string status, byte[] csr, string requestId, bool cancellationRequested = false) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = $"{KeyVaultHttpStub.VaultUri}certificates/{Name}/pending",
            ["issuer"] = new { name = "Unknown" },
            ["csr"] = Convert.ToBase64String(csr),
            ["cancellation_requested"] = cancellationRequested,
            ["status"] = status,
            ["status_details"] = "Pending certificate created. Please Perform Merge to complete the request.",
            ["request_id"] = requestId,
        });

    private static string Certificate(string version, byte[] cer)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(cer);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = $"{KeyVaultHttpStub.VaultUri}certificates/{Name}/{version}",
            ["kid"] = $"{KeyVaultHttpStub.VaultUri}keys/{Name}/{version}",
            ["sid"] = $"{KeyVaultHttpStub.VaultUri}secrets/{Name}/{version}",
            ["x5t"] = Convert.ToBase64String(leaf.GetCertHash()).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            ["cer"] = Convert.ToBase64String(cer),
            ["attributes"] = new Dictionary<string, object>
            {
                ["enabled"] = true,
                ["nbf"] = new DateTimeOffset(leaf.NotBefore.ToUniversalTime()).ToUnixTimeSeconds(),
                ["exp"] = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(),
                ["created"] = 1767225600,
                ["updated"] = 1767225600,
                ["recoveryLevel"] = "Recoverable+Purgeable",
            },
        });
    }
}
