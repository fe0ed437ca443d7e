using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SslFlow.Application.Caas;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Domain.Accounts;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;

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

    private OrderVisibility Orders => new(_workflow.Object, _orders.Object);

    private readonly FakeTimeProvider _time = new(Now);

    private void Order(OrderStatus status, string product = "caas-dv", DateTimeOffset? notAfter = null) =>
        _orders.Setup(o => o.GetAsync("ord-1", It.IsAny<CancellationToken>())).ReturnsAsync(new OrderRecord("ord-1", product, [], "none", null, status,
            OrderSubStatus.None, Now, Now, "sandbox", CaReference: "SBX-SUB-1", NotBefore: Now, NotAfter: notAfter ?? Now.AddDays(365), Customer: "customer-1"));

    private static HttpRequest Request(string key, string? json = null, params string[] idempotencyKeys)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = $"Bearer {key}";
        if (idempotencyKeys.Length > 0) context.Request.Headers["Idempotency-Key"] = idempotencyKeys;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json ?? ""));
        return context.Request;
    }

    private Task<IResult> RenewAsync(string key, string? json = null, params string[] idempotencyKeys) =>
        CaasEndpoints.RenewAsync("ord-1", Request(key, json, idempotencyKeys), Orders, Caas, _auth, _time, CancellationToken.None);

    private static int Status(IResult result) => ((IStatusCodeHttpResult)result).StatusCode ?? 200;

    [Fact]
    public async Task A_caas_order_with_a_certificate_orders_subject_fields_is_refused_naming_each()
    {
        var body = System.Text.Json.JsonSerializer.Deserialize<CreateOrderRequest>("""
            {"product":"caas-ov","term":"30d","organizationName":"Example Ltd","organizationProfileId":"prof-1",
             "organization":{"name":"Example Ltd"},"contacts":{},"person":{}}
            """, System.Text.Json.JsonSerializerOptions.Web)!;

        var result = await CaasEndpoints.CreateAsync(Request(CustomerKey), body, "customer-1", Caas, CancellationToken.None);

        Assert.Equal(400, Status(result));
        var errors = Assert.IsType<HttpValidationProblemDetails>(Assert.IsType<ProblemHttpResult>(result).ProblemDetails).Errors;
        Assert.Equal(["contacts", "organization", "organizationProfileId", "person"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, reasons => Assert.Equal("Not used by a CaaS subscription; use organizationName.", Assert.Single(reasons)));
        _workflow.Verify(w => w.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Microsoft.DurableTask.TaskName>(), It.IsAny<object?>(), It.IsAny<Microsoft.DurableTask.StartOrchestrationOptions?>(),
            It.IsAny<CancellationToken>()), Times.Never);
    }

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
        Assert.Equal(401, Status(await CaasEndpoints.RenewAsync("ord-1", new DefaultHttpContext().Request, Orders, Caas, _auth, _time, CancellationToken.None)));
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
    public async Task An_idempotency_key_travels_in_the_event_namespaced_by_the_callers_account()
    {
        Order(OrderStatus.Active);

        Assert.Equal(202, Status(await RenewAsync(CustomerKey, """{"term":"90d"}""", "renew-2026-a")));
        Assert.Equal(202, Status(await RenewAsync(CustomerKey, """{"term":"90d"}""", "\"renew-2026-a\""))); // the retry, as a structured field string
        Assert.Equal(202, Status(await RenewAsync(OperatorKey, null, "renew-2026-a")));
        Assert.Equal(202, Status(await RenewAsync(CustomerKey)));

        var keys = _raised.Select(r => Assert.IsType<CaasRenewRequest>(r.Payload).IdempotencyKey).ToList();
        Assert.Equal(CaasService.RenewalKey("customer-1", "renew-2026-a"), keys[0]);
        Assert.Equal(keys[0], keys[1]); // the same key: the subscription applies it once
        Assert.Equal(CaasService.RenewalKey("ops", "renew-2026-a"), keys[2]);
        Assert.NotEqual(keys[0], keys[2]); // another account's key of the same text is another key
        Assert.Null(keys[3]); // without the header: as before, every request renews
        Assert.Equal(new CaasRenewRequest(TimeSpan.FromDays(90), OrderActor.Customer, "customer-1", keys[0]), _raised[0].Payload);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"unterminated")]
    [InlineData("two words")]
    [InlineData("a", "b")] // the header twice
    public async Task A_malformed_idempotency_key_is_a_400_naming_the_header_and_nothing_is_raised(params string[] keys)
    {
        Order(OrderStatus.Active);

        var result = await RenewAsync(CustomerKey, """{"term":"90d"}""", keys);

        Assert.Equal(400, Status(result));
        var problem = ((ProblemHttpResult)result).ProblemDetails;
        Assert.Contains("Idempotency-Key", problem.Title);
        Assert.Contains("Idempotency-Key", problem.Detail);
        Assert.Empty(_raised);
    }

    [Fact]
    public async Task A_term_that_ends_within_the_cutoff_is_a_409_so_an_accepted_renewal_is_never_dropped_at_the_end()
    {
        var cutoff = new CaasOrderOptions().RenewCutoff;
        Order(OrderStatus.Active, notAfter: Now + cutoff);
        var tooLate = await RenewAsync(CustomerKey);
        Order(OrderStatus.Active, notAfter: Now - TimeSpan.FromSeconds(1)); // ended, the orchestration not there yet
        var ended = await RenewAsync(CustomerKey);
        Order(OrderStatus.Active, notAfter: Now + cutoff + TimeSpan.FromSeconds(1));
        var inTime = await RenewAsync(CustomerKey);

        Assert.Equal((409, 409, 202), (Status(tooLate), Status(ended), Status(inTime)));
        Assert.Contains("too late to renew", ((ProblemHttpResult)tooLate).ProblemDetails.Detail);
        Assert.Single(_raised);
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
