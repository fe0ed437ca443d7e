using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SslFlow.Cli.Models;

namespace SslFlow.Cli;

/// <summary>A thin typed client for the routes the CLI uses; every non-success answer becomes an <see cref="ApiProblem"/>.</summary>
public sealed class SslFlowClient(HttpClient http) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SslFlowClient Create(Uri baseUrl, string? apiKey, HttpMessageHandler? handler)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = baseUrl;
        http.Timeout = TimeSpan.FromSeconds(100);
        if (!string.IsNullOrEmpty(apiKey)) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("sslflow-cli/1.0");
        return new SslFlowClient(http);
    }

    public async Task<AcceptedDto> CreateOrderAsync(object body, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/orders") { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await SendJsonAsync<AcceptedDto>(request, cancellationToken);
    }

    public Task<OrderDto> GetOrderAsync(string orderId, CancellationToken cancellationToken) =>
        SendJsonAsync<OrderDto>(new HttpRequestMessage(HttpMethod.Get, $"api/orders/{Uri.EscapeDataString(orderId)}"), cancellationToken);

    public Task<OrderListDto> ListOrdersAsync(string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = new List<string> { $"pageSize={pageSize}" };
        if (status is not null) query.Add($"status={Uri.EscapeDataString(status)}");
        if (continuationToken is not null) query.Add($"continuationToken={Uri.EscapeDataString(continuationToken)}");
        return SendJsonAsync<OrderListDto>(new HttpRequestMessage(HttpMethod.Get, $"api/orders?{string.Join('&', query)}"), cancellationToken);
    }

    /// <summary>The order with this CA reference, with its timeline, or null.</summary>
    public async Task<OrderDto?> FindByCaReferenceAsync(string caReference, CancellationToken cancellationToken)
    {
        var page = await SendJsonAsync<OrderListDto>(new HttpRequestMessage(HttpMethod.Get, $"api/orders?caReference={Uri.EscapeDataString(caReference)}"), cancellationToken);
        return page.Orders is [var order, ..] ? order : null;
    }

    /// <summary>Every order (optionally of one status), following continuation tokens.</summary>
    public async IAsyncEnumerable<OrderDto> ListAllAsync(string? status, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await ListOrdersAsync(status, 1000, token, cancellationToken);
            foreach (var order in page.Orders ?? []) yield return order;
            token = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    public Task<AcceptedDto> LifecycleAsync(string orderId, string action, object body, CancellationToken cancellationToken) =>
        SendJsonAsync<AcceptedDto>(new HttpRequestMessage(HttpMethod.Post, $"api/orders/{Uri.EscapeDataString(orderId)}/{action}") { Content = JsonContent.Create(body, options: Json) }, cancellationToken);

    public Task<CredentialsDto> GetCredentialsAsync(string orderId, CancellationToken cancellationToken) =>
        SendJsonAsync<CredentialsDto>(new HttpRequestMessage(HttpMethod.Get, $"api/orders/{Uri.EscapeDataString(orderId)}/credentials"), cancellationToken);

    public Task<ProfileListDto> ListProfilesAsync(string? accountId, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var query = new List<string> { $"pageSize={pageSize}" };
        if (accountId is not null) query.Add($"accountId={Uri.EscapeDataString(accountId)}");
        if (pageToken is not null) query.Add($"pageToken={Uri.EscapeDataString(pageToken)}");
        return SendJsonAsync<ProfileListDto>(new HttpRequestMessage(HttpMethod.Get, $"api/organization-profiles?{string.Join('&', query)}"), cancellationToken);
    }

    /// <summary>Every profile the key may see (optionally one account's), following the paging tokens.</summary>
    public async IAsyncEnumerable<ProfileDto> ListAllProfilesAsync(string? accountId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await ListProfilesAsync(accountId, 1000, token, cancellationToken);
            foreach (var profile in page.Items ?? []) yield return profile;
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    public Task<ProfileDto> GetProfileAsync(string profileId, CancellationToken cancellationToken) =>
        SendJsonAsync<ProfileDto>(new HttpRequestMessage(HttpMethod.Get, $"api/organization-profiles/{Uri.EscapeDataString(profileId)}"), cancellationToken);

    public Task<ProfileDto> CreateProfileAsync(object body, CancellationToken cancellationToken) =>
        SendJsonAsync<ProfileDto>(new HttpRequestMessage(HttpMethod.Post, "api/organization-profiles") { Content = JsonContent.Create(body, options: Json) }, cancellationToken);

    public async Task DeleteProfileAsync(string profileId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/organization-profiles/{Uri.EscapeDataString(profileId)}");
        request.Headers.Accept.ParseAdd("application/problem+json");
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) throw ApiProblem.From((int)response.StatusCode, response.ReasonPhrase, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<string> DownloadChainAsync(string orderId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/orders/{Uri.EscapeDataString(orderId)}/certificate");
        request.Headers.Accept.ParseAdd("application/x-pem-file");
        request.Headers.Accept.ParseAdd("application/problem+json");
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw ApiProblem.From((int)response.StatusCode, response.ReasonPhrase, text);
        return text;
    }

    private async Task<T> SendJsonAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("application/problem+json");
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode) throw ApiProblem.From((int)response.StatusCode, response.ReasonPhrase, text);
            if (response.StatusCode == HttpStatusCode.NoContent || text.Length == 0) throw new ApiProblem((int)response.StatusCode, null, "Empty answer.", null, new Dictionary<string, IReadOnlyList<string>>());
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("Empty JSON.");
        }
    }

    public void Dispose() => http.Dispose();
}
