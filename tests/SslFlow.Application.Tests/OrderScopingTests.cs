using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Domain.Accounts;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Rules;

namespace SslFlow.Application.Tests;

/// <summary>
/// Customer accounts: every order route, called by one customer with another customer's order id, answers exactly what
/// a missing order gets (404, same title) and changes nothing — the strict mocks allow only reading the order record, so
/// any CA call, event, start or vault read fails the test. Operators see every order; lists are scoped.
/// </summary>
public sealed class OrderScopingTests
{
    private const string AliceKey = "alice-key-0123456789abcdefghij";
    private const string BobKey = "bob-key-0123456789abcdefghijkl";
    private const string OpsKey = "ops-key-0123456789abcdefghijkl";
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private readonly Mock<IOrderStore> _orders = new(MockBehavior.Strict);
    private readonly Mock<DurableTaskClient> _workflow = new(MockBehavior.Strict, "test");
    private readonly Mock<ICertificateAuthority> _ca = new(MockBehavior.Strict);
    private readonly Mock<IVault> _vault = new(MockBehavior.Strict);
    private readonly ApiKeyAuthentication _auth;

    public OrderScopingTests()
    {
        var (directory, errors) = ApiKeyDirectory.Build(new Dictionary<string, AccountSettings>
        {
            ["alice"] = new() { ApiKeys = [AliceKey] },
            ["bob"] = new() { ApiKeys = [BobKey] },
            ["ops"] = new() { Role = AccountRole.Operator, ApiKeys = [OpsKey] },
        });
        Assert.Empty(errors);
        _auth = new ApiKeyAuthentication(directory);
        _ca.SetupGet(c => c.Name).Returns("sandbox");
        var record = new OrderRecord("ord-alice", "ov-single", ["www.example.com"], "Email", "ops@example.com", OrderStatus.Active, OrderSubStatus.None,
            Time.GetUtcNow(), Time.GetUtcNow(), "sandbox", CaReference: "SBX-1", CertificateName: "order-ord-alice", SerialNumber: "01",
            NotBefore: Time.GetUtcNow(), Customer: "alice", WorkflowInstanceId: "ord-alice:issue:0");
        _orders.Setup(o => o.GetAsync("ord-alice", It.IsAny<CancellationToken>())).ReturnsAsync(record);
        _orders.Setup(o => o.GetAsync("ord-none", It.IsAny<CancellationToken>())).ReturnsAsync((OrderRecord?)null);
        _workflow.Setup(w => w.GetInstanceAsync("ord-none", It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
    }

    private OrderUseCases Service => OrderUseCases.Create(_workflow.Object, _orders.Object, _vault.Object, new CertificateAuthorities([_ca.Object]), new OrderServiceOptions());

    private static HttpRequest Request(string key, string? json = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = $"Bearer {key}";
        if (query is not null) context.Request.QueryString = new QueryString(query);
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json ?? ""));
        return context.Request;
    }

    /// <summary>Every order route, as a function of the caller's key and the order id.</summary>
    private IEnumerable<(string Route, Func<string, string, Task<IResult>> Call)> Routes()
    {
        var s = Service;
        yield return ("GET /api/orders/{id}", (k, id) => OrderEndpoints.GetAsync(id, Request(k), s, _auth, default));
        yield return ("GET /api/orders/{id}/certificate", (k, id) => OrderEndpoints.DownloadAsync(id, Request(k), s, _auth, default));
        yield return ("POST /api/orders/{id}/cancel", (k, id) => OrderEndpoints.CancelAsync(id, Request(k, """{"reason":"x"}"""), s, _auth, Time, default));
        yield return ("POST /api/orders/{id}/revoke", (k, id) => OrderEndpoints.RevokeAsync(id, Request(k, """{"reason":"keyCompromise"}"""), s, _auth, default));
        yield return ("POST /api/orders/{id}/reissue", (k, id) => OrderEndpoints.ReissueAsync(id, Request(k, "{}"), s, _auth, new IntakeOptions(), default));
        yield return ("POST /api/orders/{id}/resend-approval", (k, id) => OrderEndpoints.ResendApprovalAsync(id, Request(k), s, _auth, default));
        yield return ("POST /api/orders/{id}/dcv-method", (k, id) => OrderEndpoints.ChangeDcvMethodAsync(id, Request(k, """{"dcvMethod":"dns-01"}"""), s, _auth, Time, default));
    }

    private static ProblemDetails Problem(IResult result) => Assert.IsType<ProblemHttpResult>(result).ProblemDetails;

    /// <summary>
    /// The reissue route reads <c>keyAlgorithm</c> with the create route's rule: a number (which a plain enum parse
    /// turns into an undefined key type) or an unknown name is a 400 naming the field, and nothing is started.
    /// </summary>
    [Theory]
    [InlineData("7")]
    [InlineData("1")]
    [InlineData("Rsa1024")]
    public async Task A_reissue_with_an_unknown_key_algorithm_is_refused_naming_the_field(string keyAlgorithm)
    {
        var request = Request(AliceKey, $$"""{"keyAlgorithm":"{{keyAlgorithm}}"}""");
        request.ContentType = "application/json";
        var result = await OrderEndpoints.ReissueAsync("ord-alice", request, Service, _auth, new IntakeOptions(), default);
        var problem = Assert.IsType<ProblemHttpResult>(result).ProblemDetails;
        Assert.True(problem.Status == 400, $"{problem.Status} {problem.Title} {problem.Detail}");
        var errors = Assert.IsType<HttpValidationProblemDetails>(problem).Errors;
        Assert.Contains($"Unknown key algorithm '{keyAlgorithm}'", Assert.Single(errors["keyAlgorithm"]));
    }

    [Fact]
    public async Task Every_route_answers_another_customers_order_as_a_missing_one_and_changes_nothing()
    {
        foreach (var (route, call) in Routes())
        {
            var foreign = Problem(await call(BobKey, "ord-alice"));
            var missing = Problem(await call(BobKey, "ord-none"));
            Assert.True(foreign.Status == 404, route);
            Assert.Equal(missing.Status, foreign.Status);
            Assert.Equal(missing.Title, foreign.Title);
            Assert.Equal(missing.Type, foreign.Type);
            Assert.Equal(missing.Detail!.Replace("ord-none", "ord-alice"), foreign.Detail);
        }
        // Nothing but the reads of the two records and the missing order's instance: no CA call, event, start or vault read.
        _ca.VerifyGet(c => c.Name, Times.AtMost(1));
        _ca.VerifyNoOtherCalls();
        _vault.VerifyNoOtherCalls();
        _orders.Verify(o => o.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(2 * Routes().Count()));
        _orders.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_owner_and_operators_see_the_order()
    {
        _workflow.Setup(w => w.GetInstanceAsync("ord-alice", It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        _orders.Setup(o => o.GetTransitionsAsync("ord-alice", It.IsAny<CancellationToken>())).ReturnsAsync([]);
        Assert.IsType<Ok<OrderView>>(await OrderEndpoints.GetAsync("ord-alice", Request(AliceKey), Service, _auth, default));
        Assert.IsType<Ok<OrderView>>(await OrderEndpoints.GetAsync("ord-alice", Request(OpsKey), Service, _auth, default));
    }

    [Fact]
    public async Task A_pending_order_not_yet_recorded_belongs_to_the_customer_in_its_input()
    {
        var input = new OrderInput("ord-new", "ov-single", ["www.example.com"], DcvMethod.Email, null, "sandbox", Customer: "alice");
        _orders.Setup(o => o.GetAsync("ord-new", It.IsAny<CancellationToken>())).ReturnsAsync((OrderRecord?)null);
        _workflow.Setup(w => w.GetInstanceAsync("ord-new", It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(
            new OrchestrationMetadata(nameof(OrderOrchestration), "ord-new")
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Running,
                CreatedAt = Time.GetUtcNow(),
                LastUpdatedAt = Time.GetUtcNow(),
                SerializedInput = System.Text.Json.JsonSerializer.Serialize(input, SslFlow.Workflow.WorkflowJson.Options),
                DataConverter = new Microsoft.DurableTask.Converters.JsonDataConverter(SslFlow.Workflow.WorkflowJson.Options),
            });
        Assert.Equal(404, Problem(await OrderEndpoints.GetAsync("ord-new", Request(BobKey), Service, _auth, default)).Status);
        Assert.IsType<Ok<OrderView>>(await OrderEndpoints.GetAsync("ord-new", Request(AliceKey), Service, _auth, default));
    }

    [Fact]
    public async Task Lists_and_searches_are_scoped_to_the_customer_and_whole_for_operators()
    {
        _orders.Setup(o => o.ListForCustomerAsync("bob", null, 50, null, It.IsAny<CancellationToken>())).ReturnsAsync(new OrderPage([], null));
        _orders.Setup(o => o.ListAsync(null, 50, null, It.IsAny<CancellationToken>())).ReturnsAsync(new OrderPage([], null));
        _orders.Setup(o => o.FindOrderIdByCaReferenceAsync("SBX-1", It.IsAny<CancellationToken>())).ReturnsAsync("ord-alice");
        _orders.Setup(o => o.GetTransitionsAsync("ord-alice", It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _workflow.Setup(w => w.GetInstanceAsync("ord-alice", It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);

        await OrderEndpoints.ListAsync(Request(BobKey), Service, _auth, default);
        _orders.Verify(o => o.ListForCustomerAsync("bob", null, 50, null, It.IsAny<CancellationToken>()), Times.Once);
        await OrderEndpoints.ListAsync(Request(OpsKey), Service, _auth, default);
        _orders.Verify(o => o.ListAsync(null, 50, null, It.IsAny<CancellationToken>()), Times.Once);

        var bobSearch = Assert.IsType<Ok<OrderListView>>(await OrderEndpoints.ListAsync(Request(BobKey, query: "?caReference=SBX-1"), Service, _auth, default));
        Assert.Empty(bobSearch.Value!.Orders);
        var aliceSearch = Assert.IsType<Ok<OrderListView>>(await OrderEndpoints.ListAsync(Request(AliceKey, query: "?caReference=SBX-1"), Service, _auth, default));
        Assert.Equal("ord-alice", Assert.Single(aliceSearch.Value!.Orders).OrderId);
    }

    [Fact]
    public async Task Keys_from_the_flat_setting_are_customers_named_as_before()
    {
        var auth = new ApiKeyAuthentication(null, new Dictionary<string, string> { [AliceKey] = "reseller" });
        Assert.Equal(new Account("reseller", "reseller", AccountRole.Customer), auth.AuthenticateAccount(Request(AliceKey)));
        Assert.Null(auth.AuthenticateAccount(Request(BobKey)));
        await Task.CompletedTask;
    }
}
