using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace SslFlow.DevStack;

/// <summary>
/// The sandbox CA (<c>src/SandboxCa</c>) as a separate child process on a free port: a reseller-style order API that
/// issues real certificates from its own test root and posts Standard Webhooks signed callbacks. Ready when
/// <c>GET /v1/root</c> answers. Also the operator's client: approve or reject the current step, steer webhook loss.
/// </summary>
public sealed class SandboxCaRunner : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _operator;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;

    private SandboxCaRunner(ChildProcess process, int port, string apiKey, string operatorKey, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        ApiKey = apiKey;
        OperatorKey = operatorKey;
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        _operator = new HttpClient { BaseAddress = BaseUri };
        _operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
    }

    public Uri BaseUri { get; }

    /// <summary>The customer API key (<c>/v1</c>); a secret.</summary>
    public string ApiKey { get; }

    /// <summary>The operator key (<c>/operator</c>); a secret.</summary>
    public string OperatorKey { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the sandbox logged so far.</summary>
    public string Log => _process.ReadAll();

    /// <summary>
    /// Starts it. <paramref name="webhookUrl"/>/<paramref name="webhookSecret"/> (<c>whsec_…</c>): where and how it signs
    /// callbacks; <paramref name="autoApproveAfter"/>: every step approves itself after that delay (demo mode);
    /// <paramref name="dataDirectory"/>: keep its root and orders (a temporary folder, deleted on dispose, when null);
    /// <paramref name="smtpPort"/>: a local SMTP server (maildev) for approver emails;
    /// <paramref name="eabPoolFile"/>/<paramref name="caasDirectoryUrl"/>: the EAB pool Pebble accepts (<see cref="PebbleRunner.EabPoolPath"/>)
    /// and its ACME directory, which enable CaaS subscriptions.
    /// </summary>
    public static async Task<SandboxCaRunner> StartAsync(Uri? webhookUrl = null, string? webhookSecret = null, TimeSpan? autoApproveAfter = null,
        int dropWebhooksPercent = 0, string? dataDirectory = null, string? apiKey = null, string? operatorKey = null, int? smtpPort = null,
        string? eabPoolFile = null, Uri? caasDirectoryUrl = null)
    {
        var port = FreePort.Next();
        var owns = dataDirectory is null;
        var data = dataDirectory ?? Directory.CreateTempSubdirectory("sslflow-sandbox-ca-").FullName;
        apiKey ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        operatorKey ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        // Secrets go by environment, not the command line (which other local users can read).
        var env = new Dictionary<string, string> { ["api-key"] = apiKey, ["operator-key"] = operatorKey };
        if (webhookSecret is not null) env["webhook-secret"] = webhookSecret;
        var args = new List<string> { Dll(), "--urls", $"http://127.0.0.1:{port}", "--data-dir", data, "--webhook-retry-delay", "00:00:00.200" };
        if (webhookUrl is not null) args.AddRange(["--webhook-url", webhookUrl.ToString()]);
        if (autoApproveAfter is { } after) args.AddRange(["--auto-approve-after", after.ToString("c", CultureInfo.InvariantCulture)]);
        if (smtpPort is { } smtp) args.AddRange(["--smtp-host", "127.0.0.1", "--smtp-port", smtp.ToString(CultureInfo.InvariantCulture)]);
        if (eabPoolFile is not null) args.AddRange(["--eab-pool-file", Path.GetFullPath(eabPoolFile)]);
        if (caasDirectoryUrl is not null) args.AddRange(["--caas-directory-url", caasDirectoryUrl.ToString()]);
        if (dropWebhooksPercent > 0) args.AddRange(["--drop-webhooks-percent", dropWebhooksPercent.ToString(CultureInfo.InvariantCulture)]);
        var process = await ChildProcess.StartAsync("sandbox-ca", "dotnet", args, port, env);
        var runner = new SandboxCaRunner(process, port, apiKey, operatorKey, data, owns);
        try
        {
            await runner.WaitReadyAsync();
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
        return runner;
    }

    /// <summary>The sandbox's test root (PEM): issued chains end here.</summary>
    public async Task<string> GetRootPemAsync(CancellationToken cancellationToken = default) => await _operator.GetStringAsync("v1/root", cancellationToken);

    /// <summary>Approves the order's current validation step (or exactly <paramref name="step"/>, refused if the order moved on).</summary>
    public Task<JsonElement> ApproveAsync(string caReference, string? step = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"operator/orders/{Uri.EscapeDataString(caReference)}/approve" + (step is null ? "" : "?step=" + Uri.EscapeDataString(step)), null, cancellationToken);

    public Task<JsonElement> RejectAsync(string caReference, string reason, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"operator/orders/{Uri.EscapeDataString(caReference)}/reject", new { reason }, cancellationToken);

    public async Task<JsonElement> GetOrderAsync(string caReference, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/orders/{Uri.EscapeDataString(caReference)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        using var response = await _operator.SendAsync(request, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>Every order as the operator sees it (renewals and reissues are orders of their own, told apart by <c>orderKey</c>).</summary>
    public Task<JsonElement> ListOrdersAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "operator/orders", null, cancellationToken);

    /// <summary>A CaaS subscription as the operator sees it (never with its HMAC key).</summary>
    public async Task<JsonElement> GetSubscriptionAsync(string caReference, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/subscriptions/{Uri.EscapeDataString(caReference)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        using var response = await _operator.SendAsync(request, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>Approves a CaaS subscription's pending step (OV: the organization is vetted; the key is minted).</summary>
    public Task<JsonElement> ApproveSubscriptionAsync(string caReference, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"operator/subscriptions/{Uri.EscapeDataString(caReference)}/approve", null, cancellationToken);

    /// <summary>The EAB pool's counts and key ids (assigned, retired): no secrets.</summary>
    public Task<JsonElement> GetEabPoolAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "operator/eab-pool", null, cancellationToken);

    /// <summary>Every webhook the sandbox tried to send (id, type, reference, outcome: delivered / dropped / failed …).</summary>
    public async Task<JsonElement> GetWebhookDeliveriesAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, "operator/webhooks", null, cancellationToken);

    /// <summary>Drops this share (0–100) of the webhooks from now on, so polling has to recover them.</summary>
    public Task<JsonElement> DropWebhooksAsync(int percent, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "operator/webhooks/drop", new { percent }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _operator.Dispose();
        await _process.DisposeAsync();
        if (!_ownsDataDirectory) return;
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The built sandbox: next to the caller (a project that references it) or in the repository's build output.</summary>
    public static string Dll()
    {
        const string name = "SslFlow.SandboxCa.dll";
        var local = Path.Combine(AppContext.BaseDirectory, name);
        if (File.Exists(local) && File.Exists(Path.ChangeExtension(local, ".runtimeconfig.json"))) return local;
        var bin = Path.Combine(RepoPaths.Root(), "src", "SandboxCa", "bin");
        var built = new[] { "Release", "Debug" }.Select(c => Path.Combine(bin, c, "net10.0", name)).Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
        return built ?? throw new InvalidOperationException($"{name} is not built: run 'dotnet build src/SandboxCa -c Release'.");
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var response = await _operator.GetAsync("v1/root");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (_process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"The sandbox CA did not become ready:\n{_process.Tail()}");
            await Task.Delay(50); // polling a child process's readiness; bounded by the deadline
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _operator.SendAsync(request, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Sandbox CA answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
