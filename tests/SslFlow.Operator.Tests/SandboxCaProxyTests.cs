using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using SslFlow.Application.Operator;
using SslFlow.Application.Security;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Orders;

namespace SslFlow.Operator.Tests;

/// <summary>
/// The operator proxy to the sandbox CA's back office, over real HTTP on both sides: the host's route, and a stand-in
/// answering on the sandbox's <c>/operator/orders/{caReference}/approve|reject</c> routes that records what it got.
/// The order store is a Moq of the port (one class under test).
/// </summary>
public sealed class SandboxCaProxyTests : IAsyncLifetime
{
    private const string ApiKey = "operator-test-key-0123456789abcdef";
    private const string CustomerKey = "customer-test-key-0123456789abcdef";
    private const string OperatorKey = "sandbox-operator-key-0123";
    private readonly ConcurrentQueue<(string Path, string Query, string? Auth, string Body)> _sandboxCalls = new();
    private readonly Mock<IOrderStore> _orders = new();
    private WebApplication _sandbox = null!;
    private WebApplication _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var sandbox = WebApplication.CreateSlimBuilder();
        sandbox.WebHost.UseUrls("http://127.0.0.1:0");
        sandbox.Logging.ClearProviders();
        _sandbox = sandbox.Build();
        _sandbox.MapPost("/operator/orders/{caReference}/{verb}", async (string caReference, string verb, HttpRequest r) =>
        {
            using var reader = new StreamReader(r.Body);
            _sandboxCalls.Enqueue((r.Path.Value!, r.QueryString.Value ?? "", r.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
            return r.Query["step"] == "moved"
                ? Results.Problem(statusCode: 409, title: "step-moved-on", detail: $"Order {caReference} is at step org, not moved.")
                : Results.Ok(new { caReference, status = verb == "approve" ? "dcv-completed" : "rejected" });
        });
        await _sandbox.StartAsync();

        _host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["SslFlow:Operator:SandboxCa:Url"] = _sandbox.Urls.Single(),
            ["SslFlow:Operator:SandboxCa:OperatorKey"] = OperatorKey,
        });
        _http = Client(_host);
        _orders.Setup(o => o.GetAsync("ord-sandbox", It.IsAny<CancellationToken>())).ReturnsAsync(Order("ord-sandbox", "sandbox", "SBX-2026/0001"));
        _orders.Setup(o => o.GetAsync("ord-acme", It.IsAny<CancellationToken>())).ReturnsAsync(Order("ord-acme", "acme", "https://acme.test/order/1"));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Approve_forwards_the_orders_ca_reference_and_step_with_the_operator_key_and_passes_the_answer_through()
    {
        var response = await _http.PostAsync("api/operator/orders/ord-sandbox/sandbox-approve?step=dcv", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("dcv-completed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var call = Assert.Single(_sandboxCalls);
        Assert.Equal("/operator/orders/SBX-2026%2F0001/approve", call.Path);
        Assert.Equal("?step=dcv", call.Query);
        Assert.Equal($"Bearer {OperatorKey}", call.Auth);
    }

    [Fact]
    public async Task Reject_forwards_the_reason_and_a_sandbox_refusal_keeps_its_status()
    {
        var rejected = await _http.PostAsJsonAsync("api/operator/orders/ord-sandbox/sandbox-reject", new { reason = "Organization not found" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Contains("Organization not found", Assert.Single(_sandboxCalls).Body);

        var moved = await _http.PostAsync("api/operator/orders/ord-sandbox/sandbox-approve?step=moved", null);
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Contains("step-moved-on", await moved.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Orders_at_another_ca_unknown_orders_bad_bodies_and_callers_without_a_key_reach_nothing()
    {
        var otherCa = await _http.PostAsync("api/operator/orders/ord-acme/sandbox-approve", null);
        Assert.Equal(HttpStatusCode.Conflict, otherCa.StatusCode);
        Assert.Contains("wrong-ca", await otherCa.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync("api/operator/orders/ord-missing/sandbox-approve", null)).StatusCode);

        var tooLong = await _http.PostAsJsonAsync("api/operator/orders/ord-sandbox/sandbox-reject", new { reason = new string('x', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));

        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("api/operator/orders/ord-sandbox/sandbox-approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/operator/capabilities")).StatusCode);
        Assert.Empty(_sandboxCalls);
    }

    [Fact]
    public async Task A_customer_key_is_refused_403_on_approve_reject_and_capabilities_and_reaches_nothing()
    {
        // The order is the customer's own: owning it does not make its customer the CA's staff (issue 26 item 12).
        _orders.Setup(o => o.GetAsync("ord-shop", It.IsAny<CancellationToken>())).ReturnsAsync(Order("ord-shop", "sandbox", "SBX-2026/0002") with { Customer = "shop" });
        using var customer = new HttpClient { BaseAddress = _http.BaseAddress };
        customer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CustomerKey);

        foreach (var response in new[]
        {
            await customer.PostAsync("api/operator/orders/ord-shop/sandbox-approve?step=organization", null),
            await customer.PostAsJsonAsync("api/operator/orders/ord-shop/sandbox-reject", new { reason = "no" }),
            await customer.GetAsync("api/operator/capabilities"),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("https://sslflow.dev/problems/forbidden", problem.GetProperty("type").GetString());
            Assert.DoesNotContain("sandbox", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Empty(_sandboxCalls);
    }

    [Fact]
    public async Task Capabilities_say_whether_the_sandbox_is_configured_and_without_it_approval_is_404_not_configured()
    {
        var on = await _http.GetFromJsonAsync<JsonElement>("api/operator/capabilities");
        Assert.True(on.GetProperty("sandboxCaApproval").GetBoolean());
        Assert.Equal("sandbox", on.GetProperty("sandboxCaName").GetString());
        Assert.DoesNotContain(OperatorKey, on.GetRawText());

        await using var bare = await StartHostAsync([]);
        using var http = Client(bare);
        var off = await http.GetFromJsonAsync<JsonElement>("api/operator/capabilities");
        Assert.False(off.GetProperty("sandboxCaApproval").GetBoolean());
        var approve = await http.PostAsync("api/operator/orders/ord-sandbox/sandbox-approve", null);
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.Contains("not-configured", await approve.Content.ReadAsStringAsync());
        Assert.Empty(_sandboxCalls);
    }

    [Fact]
    public async Task A_url_without_an_operator_key_is_refused_at_start()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => StartHostAsync(new Dictionary<string, string?> { ["SslFlow:Operator:SandboxCa:Url"] = "http://127.0.0.1:1" }));
        Assert.Contains("OperatorKey", ex.Message);
    }

    private async Task<WebApplication> StartHostAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        var (accounts, _) = SslFlow.Domain.Accounts.ApiKeyDirectory.Build(new Dictionary<string, SslFlow.Domain.Accounts.AccountSettings>
        {
            ["ops"] = new() { Role = SslFlow.Domain.Accounts.AccountRole.Operator, ApiKeys = [ApiKey] },
            ["shop"] = new() { ApiKeys = [CustomerKey] },
        });
        builder.Services.AddSingleton(new ApiKeyAuthentication(accounts!));
        builder.Services.AddSingleton(_orders.Object);
        builder.Services.AddSslFlowOperator(builder.Configuration);
        var app = builder.Build();
        app.MapOperatorEndpoints();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static HttpClient Client(WebApplication app)
    {
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }

    private static OrderRecord Order(string id, string ca, string reference) => new(id, "ov-single", ["shop.example.com"], "Email", null,
        OrderStatus.ActivationInProgress, OrderSubStatus.OrganizationChecks, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ca, reference, Customer: "ops");
}
