using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Adapters.SandboxCa;

/// <summary>
/// The sandbox CA's CaaS API (<c>/v1/subscriptions</c>) behind <see cref="ICaasProvider"/>. A commercial CA's EAB API
/// (e.g. an "ACME external account" endpoint of a reseller API) would be an adapter of the same shape; only the sandbox
/// is implemented. Locally the keys it hands out are keys of Pebble's EAB pool, so a real ACME client can use them.
/// Re-runnable: the order key makes creation idempotent at the CA (a replay returns the same key), the renewal key
/// makes a renewal count once, deactivating twice is one deactivation. The HMAC key is never logged.
/// </summary>
public sealed class SandboxCaasProvider(HttpClient http, SandboxCaOptions options, TimeProvider time, ILogger<SandboxCaasProvider> logger) : ICaasProvider
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => options.Name;

    public async Task<CaasSubscription> CreateSubscriptionAsync(CaasRequest request, CancellationToken cancellationToken)
    {
        var s = await SendAsync(HttpMethod.Post, "v1/subscriptions", new
        {
            productCode = request.ProductCode,
            orderKey = request.OrderKey,
            term = request.Term,
            customerId = request.CustomerId,
            contactEmail = request.ContactEmail,
            organizationName = request.OrganizationName ?? options.OrganizationName,
        }, cancellationToken);
        logger.LogInformation("Sandbox CA subscription {CaReference} for {OrderKey}: {Status}, EAB key id {KeyId}", s.CaReference, request.OrderKey, s.Status, s.KeyId ?? "(not yet)");
        return Map(s);
    }

    public async Task<CaasSubscription> GetAsync(string caReference, CancellationToken cancellationToken) =>
        Map(await SendAsync(HttpMethod.Get, $"v1/subscriptions/{Escape(caReference)}", null, cancellationToken));

    public async Task<CaasSubscription> RenewTermAsync(string caReference, string renewalKey, TimeSpan term, CancellationToken cancellationToken) =>
        Map(await SendAsync(HttpMethod.Post, $"v1/subscriptions/{Escape(caReference)}/renew", new { renewalKey, term }, cancellationToken));

    public async Task<CaasSubscription> DeactivateAsync(string caReference, string reason, CancellationToken cancellationToken)
    {
        var s = Map(await SendAsync(HttpMethod.Post, $"v1/subscriptions/{Escape(caReference)}/deactivate", new { reason }, cancellationToken));
        logger.LogInformation("Sandbox CA subscription {CaReference}: EAB key {KeyId} deactivated", caReference, s.KeyId ?? "(none)");
        return s;
    }

    /// <summary>The wire shape → the port's; the credential only when the CA sent the HMAC key (create and its replay).</summary>
    public static CaasSubscription Map(SandboxSubscription s) => new(
        s.CaReference,
        s.Status switch
        {
            "active" => CaasStatus.Active,
            "deactivated" => CaasStatus.Deactivated,
            "rejected" => CaasStatus.Rejected,
            _ => CaasStatus.PendingValidation,
        },
        s.KeyId,
        s.NotBefore,
        s.NotAfter,
        s is { KeyId: { } kid, HmacKey: { } hmac, DirectoryUrl: { } dir } ? new EabCredential(kid, hmac, new Uri(dir)) : null,
        s.Steps.Where(x => x.Status == "completed" && SandboxCertificateAuthority.StepEvents.ContainsKey(x.Name)).Select(x => SandboxCertificateAuthority.StepEvents[x.Name]).ToList(),
        s.Reason);

    private static string Escape(string caReference) => Uri.EscapeDataString(caReference);

    private async Task<SandboxSubscription> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(new Uri(options.BaseUrl.TrimEnd('/') + "/"), path)) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) await ThrowAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<SandboxSubscription>(Json, cancellationToken) ?? throw new InvalidDataException($"Empty answer from the sandbox CA for {path}.");
    }

    /// <summary>
    /// 429/503 (e.g. the EAB pool is empty) → come back later; other 5xx → transient; 401/403 → configuration;
    /// other 4xx → the CA refused: the order fails with its reason.
    /// </summary>
    private async Task ThrowAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string detail;
        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            detail = $"{(problem.TryGetProperty("code", out var c) ? c.GetString() : status.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {(problem.TryGetProperty("detail", out var d) ? d.GetString() : response.ReasonPhrase)}";
        }
        catch (JsonException)
        {
            detail = $"HTTP {status}";
        }
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            var retryAt = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => time.GetUtcNow() + delta,
                { Date: { } date } => date,
                _ => time.GetUtcNow().AddMinutes(1),
            };
            throw new CaRateLimitedException(retryAt, $"Sandbox CA: {detail}");
        }
        if (status >= 500 && response.StatusCode != HttpStatusCode.NotImplemented) throw new HttpRequestException($"Sandbox CA answered {status}: {detail}", null, response.StatusCode);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException($"The sandbox CA refused the API key ({status}); check {SandboxCaOptions.Section}:ApiKey.");
        }
        throw new CaOrderFailedException($"Sandbox CA: {detail}");
    }
}
