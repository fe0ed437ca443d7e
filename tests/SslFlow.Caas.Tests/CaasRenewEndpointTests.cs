using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Moq;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Ports;
using SslFlow.Application.Caas;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Domain.Accounts;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Caas.Tests;

/// <summary>
/// <c>POST /api/orders/{id}/renew</c> and the credential route's access rule, on the handlers the hosts map (one class each:
/// the order store, the durable client and the credential store are mocks; the real host runs in <see cref="CaasThroughLocalHostTests"/>).
/// </summary>
public sealed class CaasRenewEndpointTests
{
    private const string CustomerKey = "customer-key-0123456789abcdef";
    private const string OtherKey = "other-key-0123456789abcdef";
    private const string OperatorKey = "operator-key-0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly Mock<IOrderStore> _orders = new();
    private readonly Mock<DurableTaskClient> _workflow = new("caas");
    private readonly Mock<ICredentialStore> _credentials = new();
    private readonly List<(string Name, object? Payload)> _raised = [];
    private readonly ApiKeyAuthentication _auth;

    public CaasRenewEndpointTests()
    {
        var (directory, errors) = ApiKeyDirectory.Build(new Dictionary<string, AccountSettings>
        {
            ["customer-1"] = new() { ApiKeys = [CustomerKey] },
            ["other-customer"] = new() { ApiKeys = [OtherKey] },
            ["ops"] = new() { Role = AccountRole.Operator, ApiKeys = [OperatorKey] },
        });
        Assert.Empty(errors);
        _auth = new ApiKeyAuthentication(directory);
        _workflow.Setup(w => w.GetInstanceAsync("ord-1", It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(nameof(CaasSubscriptionOrchestration), "ord-1") { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        _workflow.Setup(w => w.RaiseEventAsync("ord-1", It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string name, object? payload, CancellationToken _) => _raised.Add((name, payload)))
            .Returns(Task.CompletedTask);
    }

    private CaasService Caas => new(_workflow.Object, _orders.Object, _credentials.Object, new CaasOrderOptions(), TimeSpan.FromDays(7));

    private OrderService Orders => new(_workflow.Object, _orders.Object, Mock.Of<IVault>(), new CertificateAuthorities([]), new OrderServiceOptions());

    private void Order(OrderStatus status, string product = "caas-dv") =>
        _orders.Setup(o => o.GetAsync("ord-1", It.IsAny<CancellationToken>())).ReturnsAsync(new OrderRecord("ord-1", product, [], "none", null, status,
            OrderSubStatus.None, Now, Now, "sandbox", CaReference: "SBX-SUB-1", NotBefore: Now, NotAfter: Now.AddDays(365), Customer: "customer-1"));

    private static HttpRequest Request(string key, string? json = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = $"Bearer {key}";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json ?? ""));
        return context.Request;
    }

    private Task<IResult> RenewAsync(string key, string? json = null) =>
        CaasEndpoints.RenewAsync("ord-1", Request(key, json), Orders, Caas, _auth, CancellationToken.None);

    private static int Status(IResult result) => ((IStatusCodeHttpResult)result).StatusCode ?? 200;

    [Fact]
    public async Task The_owner_renews_an_active_subscription_by_the_products_term_or_the_one_asked()
    {
        Order(OrderStatus.Active);

        Assert.Equal(202, Status(await RenewAsync(CustomerKey)));
        Assert.Equal(202, Status(await RenewAsync(CustomerKey, """{"term":"90d"}""")));

        Assert.Equal([CaasEvents.Renew, CaasEvents.Renew], _raised.Select(r => r.Name));
        Assert.Equal(new CaasRenewRequest(TimeSpan.FromDays(365), OrderActor.Customer, "customer-1"), _raised[0].Payload);
        Assert.Equal(new CaasRenewRequest(TimeSpan.FromDays(90), OrderActor.Customer, "customer-1"), _raised[1].Payload);
    }

    [Fact]
    public async Task An_operator_renews_for_the_customer_and_is_named_as_such()
    {
        Order(OrderStatus.Active);

        Assert.Equal(202, Status(await RenewAsync(OperatorKey)));

        Assert.Equal(new CaasRenewRequest(TimeSpan.FromDays(365), OrderActor.Operator, "ops"), Assert.Single(_raised).Payload);
    }

    [Fact]
    public async Task Another_customers_order_is_a_404_like_a_missing_one_and_nothing_is_raised()
    {
        Order(OrderStatus.Active);

        var foreign = await RenewAsync(OtherKey, """{"term":"not even read"}""");
        _orders.Setup(o => o.GetAsync("ord-1", It.IsAny<CancellationToken>())).ReturnsAsync((OrderRecord?)null);
        var missing = await RenewAsync(OperatorKey);

        Assert.Equal(404, Status(foreign));
        Assert.Equal(404, Status(missing));
        Assert.Equal(((ProblemHttpResult)foreign).ProblemDetails.Title, ((ProblemHttpResult)missing).ProblemDetails.Title);
        Assert.Equal(401, Status(await CaasEndpoints.RenewAsync("ord-1", new DefaultHttpContext().Request, Orders, Caas, _auth, CancellationToken.None)));
        Assert.Empty(_raised);
    }

    [Theory]
    [InlineData(OrderStatus.PendingActivation, "caas-dv")]
    [InlineData(OrderStatus.ActivationInProgress, "caas-ov")]
    [InlineData(OrderStatus.Refunded, "caas-dv")]
    [InlineData(OrderStatus.CertificateDisabled, "caas-dv")]
    [InlineData(OrderStatus.Active, "dv-single")] // a certificate renews by itself
    public async Task Anything_but_an_active_subscription_is_a_409(OrderStatus status, string product)
    {
        Order(status, product);

        var result = await RenewAsync(CustomerKey);

        Assert.Equal(409, Status(result));
        Assert.Equal("application/problem+json", ((ProblemHttpResult)result).ContentType);
        Assert.Empty(_raised);
    }

    [Theory]
    [InlineData("""{"term":"forever"}""")]
    [InlineData("""{"term":"1d"}""")] // below the minimum term (30 days by default)
    [InlineData("""{"term":"5000d"}""")]
    public async Task A_bad_term_is_a_validation_problem_naming_the_field(string body)
    {
        Order(OrderStatus.Active);

        var result = await RenewAsync(CustomerKey, body);

        Assert.Equal(400, Status(result));
        Assert.Contains("term", Assert.IsType<HttpValidationProblemDetails>(((ProblemHttpResult)result).ProblemDetails).Errors.Keys);
        Assert.Empty(_raised);
    }

    [Fact]
    public async Task The_credentials_are_read_under_the_order_routes_rule_and_recorded_under_the_readers_name()
    {
        Order(OrderStatus.Active);
        var credential = new EabCredential("kid-1", "c2VjcmV0", new Uri("https://pebble.test/dir"));
        _credentials.Setup(c => c.ReadAsync("ord-1", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CredentialRead(CredentialReadOutcome.Delivered, "SBX-SUB-1", credential, Now.AddDays(7), null));

        var byOperator = await CaasEndpoints.GetCredentialsAsync("ord-1", Request(OperatorKey), Caas, _auth, CancellationToken.None);
        var byOwner = await CaasEndpoints.GetCredentialsAsync("ord-1", Request(CustomerKey), Caas, _auth, CancellationToken.None);
        var byOther = await CaasEndpoints.GetCredentialsAsync("ord-1", Request(OtherKey), Caas, _auth, CancellationToken.None);

        Assert.Equal(200, Status(byOperator));
        Assert.Equal(200, Status(byOwner));
        Assert.Equal(404, Status(byOther));
        _credentials.Verify(c => c.ReadAsync("ord-1", "ops", It.IsAny<CancellationToken>()), Times.Once);
        _credentials.Verify(c => c.ReadAsync("ord-1", "customer-1", It.IsAny<CancellationToken>()), Times.Once);
        _credentials.Verify(c => c.ReadAsync("ord-1", "other-customer", It.IsAny<CancellationToken>()), Times.Never);
    }
}
