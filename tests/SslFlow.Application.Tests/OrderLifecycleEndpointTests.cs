using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Rules;

namespace SslFlow.Application.Tests;

/// <summary>
/// The order lifecycle handlers (cancel, resend approval, change DCV method) over <see cref="OrderLifecycle"/>, with the
/// store, the workflow client and the CA mocked: status codes, problem details naming the field, and that a refused
/// request changes nothing (no CA call, no event).
/// </summary>
public sealed class OrderLifecycleEndpointTests
{
    private const string Key = "test-key-0123456789abcdefghij";
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private static readonly DcvChallenge Dns = new("www.example.com", DcvMethod.Dns01, "t", "txt", "_dnsauth.www.example.com");

    private readonly Mock<IOrderStore> _orders = new(MockBehavior.Strict);
    private readonly Mock<DurableTaskClient> _workflow = new(MockBehavior.Strict, "test");
    private readonly Mock<ICertificateAuthority> _ca = new(MockBehavior.Strict);
    private readonly ApiKeyAuthentication _auth = new(new Dictionary<string, string> { [Key] = "reseller-1" });

    public OrderLifecycleEndpointTests()
    {
        _ca.SetupGet(c => c.Name).Returns("sandbox");
        Instance("ord-1:issue:0", OrchestrationRuntimeStatus.Running); // the pipeline waits, unless a test says otherwise
    }

    /// <summary>What the client reports for <paramref name="instanceId"/>; null status = no such instance.</summary>
    private void Instance(string instanceId, OrchestrationRuntimeStatus? status) =>
        _workflow.Setup(w => w.GetInstanceAsync(instanceId, It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(status is { } s
            ? new OrchestrationMetadata(instanceId.Contains(":issue") ? nameof(IssueCertificateOrchestration) : nameof(OrderOrchestration), instanceId)
            {
                RuntimeStatus = s,
                CreatedAt = Time.GetUtcNow(),
                LastUpdatedAt = Time.GetUtcNow(),
            }
            : null);

    private OrderUseCases Service => OrderUseCases.Create(_workflow.Object, _orders.Object, Mock.Of<IVault>(), new CertificateAuthorities([_ca.Object]), new OrderServiceOptions());

    private void Order(OrderStatus status, OrderSubStatus sub = OrderSubStatus.None, string method = "Email", params string[] names) =>
        _orders.Setup(o => o.GetAsync("ord-1", It.IsAny<CancellationToken>())).ReturnsAsync(new OrderRecord("ord-1", "ov-single",
            names.Length == 0 ? ["www.example.com"] : names, method, "ops@example.com", status, sub, Time.GetUtcNow(), Time.GetUtcNow(), "sandbox",
            CaReference: "SBX-1", CertificateName: "order-ord-1", Customer: "reseller-1", WorkflowInstanceId: "ord-1:issue:0"));

    private static HttpRequest Request(string? json = null, bool authenticated = true)
    {
        var context = new DefaultHttpContext();
        if (authenticated) context.Request.Headers.Authorization = $"Bearer {Key}";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json ?? ""));
        return context.Request;
    }

    private static int Status(IResult result) => ((IStatusCodeHttpResult)result).StatusCode ?? 200;

    private static IDictionary<string, string[]> Errors(IResult result) =>
        Assert.IsType<HttpValidationProblemDetails>(Assert.IsType<ProblemHttpResult>(result).ProblemDetails).Errors;

    [Fact]
    public async Task Resend_approval_asks_the_ca_while_email_dcv_is_in_progress()
    {
        Order(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);
        _ca.Setup(c => c.ResendApprovalAsync("SBX-1", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await OrderEndpoints.ResendApprovalAsync("ord-1", Request(), Service, _auth, CancellationToken.None);

        Assert.Equal(200, Status(result));
        _ca.Verify(c => c.ResendApprovalAsync("SBX-1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(OrderStatus.Active, OrderSubStatus.None, "Email")]
    [InlineData(OrderStatus.ActivationInProgress, OrderSubStatus.OrganizationChecks, "Email")]
    [InlineData(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation, "Dns01")]
    [InlineData(OrderStatus.PendingActivation, OrderSubStatus.None, "Email")]
    public async Task Resend_approval_is_a_conflict_in_any_other_state_and_changes_nothing(OrderStatus status, OrderSubStatus sub, string method)
    {
        Order(status, sub, method);

        var result = await OrderEndpoints.ResendApprovalAsync("ord-1", Request(), Service, _auth, CancellationToken.None);

        Assert.Equal(409, Status(result));
        _ca.Verify(c => c.ResendApprovalAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Resend_approval_at_a_ca_without_approver_emails_is_a_conflict()
    {
        Order(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);
        _ca.Setup(c => c.ResendApprovalAsync("SBX-1", It.IsAny<CancellationToken>())).ThrowsAsync(new NotSupportedException("acme does not send approver emails."));

        var result = await OrderEndpoints.ResendApprovalAsync("ord-1", Request(), Service, _auth, CancellationToken.None);

        Assert.Equal(409, Status(result));
        Assert.Contains("approver emails", Assert.IsType<ProblemHttpResult>(result).ProblemDetails.Detail);
    }

    [Fact]
    public async Task Unknown_orders_are_404_and_missing_keys_401()
    {
        _orders.Setup(o => o.GetAsync("ord-x", It.IsAny<CancellationToken>())).ReturnsAsync((OrderRecord?)null);
        Instance("ord-x", null);
        Assert.Equal(404, Status(await OrderEndpoints.ResendApprovalAsync("ord-x", Request(), Service, _auth, CancellationToken.None)));
        Assert.Equal(404, Status(await OrderEndpoints.ChangeDcvMethodAsync("ord-x", Request("""{"dcvMethod":"dns-01"}"""), Service, _auth, Time, CancellationToken.None)));
        Assert.Equal(401, Status(await OrderEndpoints.ResendApprovalAsync("ord-1", Request(authenticated: false), Service, _auth, CancellationToken.None)));
        Assert.Equal(401, Status(await OrderEndpoints.ChangeDcvMethodAsync("ord-1", Request("{}", authenticated: false), Service, _auth, Time, CancellationToken.None)));
    }

    [Fact]
    public async Task Change_dcv_method_asks_the_ca_then_tells_the_waiting_pipeline_the_new_answers()
    {
        Order(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);
        _ca.Setup(c => c.ChangeDcvMethodAsync("SBX-1", DcvMethod.Dns01, null, It.IsAny<CancellationToken>())).ReturnsAsync([Dns]);
        _workflow.Setup(w => w.RaiseEventAsync("ord-1:issue:0", OrderEvents.DcvMethodChanged, It.IsAny<object?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await OrderEndpoints.ChangeDcvMethodAsync("ord-1", Request("""{"dcvMethod":"dns-01"}"""), Service, _auth, Time, CancellationToken.None);

        Assert.Equal(200, Status(result));
        _workflow.Verify(w => w.RaiseEventAsync("ord-1:issue:0", OrderEvents.DcvMethodChanged,
            It.Is<DcvMethodChanged>(e => e.Method == DcvMethod.Dns01 && e.Challenges.Single() == Dns), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Change_to_email_takes_a_constructed_approver_address()
    {
        Order(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation, "Dns01");
        _ca.Setup(c => c.ChangeDcvMethodAsync("SBX-1", DcvMethod.Email, "admin@example.com", It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _workflow.Setup(w => w.RaiseEventAsync("ord-1:issue:0", OrderEvents.DcvMethodChanged, It.IsAny<object?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await OrderEndpoints.ChangeDcvMethodAsync("ord-1", Request("""{"dcvMethod":"email","approverEmail":"Admin@Example.com"}"""), Service, _auth, Time, CancellationToken.None);

        Assert.Equal(200, Status(result));
    }

    [Theory]
    [InlineData("""{"dcvMethod":"carrier-pigeon"}""", "dcvMethod")]
    [InlineData("""{}""", "dcvMethod")]
    [InlineData("""{"dcvMethod":"email"}""", "approverEmail")]
    [InlineData("""{"dcvMethod":"email","approverEmail":"owner@whois-contact.example"}""", "approverEmail")]
    [InlineData("""{"dcvMethod":"dns-01","approverEmail":"admin@example.com"}""", "approverEmail")]
    [InlineData("""{"dcvMethod":""", "body")]
    public async Task Bad_dcv_changes_are_problem_details_naming_the_field_and_change_nothing(string body, string field)
    {
        Order(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);

        var result = await OrderEndpoints.ChangeDcvMethodAsync("ord-1", Request(body), Service, _auth, Time, CancellationToken.None);

        Assert.Equal(400, Status(result));
        Assert.Contains(field, Errors(result).Keys);
        _ca.Verify(c => c.ChangeDcvMethodAsync(It.IsAny<string>(), It.IsAny<DcvMethod>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task File_validation_cannot_take_over_a_wildcard()
    {
        Order(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation, "Dns01", "*.example.com", "example.com");

        var result = await OrderEndpoints.ChangeDcvMethodAsync("ord-1", Request("""{"dcvMethod":"http-01"}"""), Service, _auth, Time, CancellationToken.None);

        Assert.Contains("wildcard", Assert.Single(Errors(result)["dcvMethod"]));
    }

    [Theory]
    [InlineData(OrderStatus.Active, OrderSubStatus.None)]
    [InlineData(OrderStatus.ActivationInProgress, OrderSubStatus.AdditionalEvChecks)]
    [InlineData(OrderStatus.Refunded, OrderSubStatus.None)]
    public async Task Changing_the_dcv_method_outside_domain_validation_is_a_conflict(OrderStatus status, OrderSubStatus sub)
    {
        Order(status, sub);

        var result = await OrderEndpoints.ChangeDcvMethodAsync("ord-1", Request("""{"dcvMethod":"dns-01"}"""), Service, _auth, Time, CancellationToken.None);

        Assert.Equal(409, Status(result));
        Assert.Equal("https://sslflow.dev/problems/wrong-state", Assert.IsType<ProblemHttpResult>(result).ProblemDetails.Type);
    }

    [Fact]
    public async Task A_pipeline_that_stopped_waiting_makes_the_change_a_conflict()
    {
        // Durable would drop the event without a word: the service asks first, and asks the CA nothing.
        Order(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);
        Instance("ord-1:issue:0", OrchestrationRuntimeStatus.Failed);

        var result = await OrderEndpoints.ChangeDcvMethodAsync("ord-1", Request("""{"dcvMethod":"dns-01"}"""), Service, _auth, Time, CancellationToken.None);

        Assert.Equal(409, Status(result));
        _ca.Verify(c => c.ChangeDcvMethodAsync(It.IsAny<string>(), It.IsAny<DcvMethod>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_pipeline_that_ends_while_the_ca_is_asked_makes_the_change_a_conflict_and_raises_nothing()
    {
        Order(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);
        _ca.Setup(c => c.ChangeDcvMethodAsync("SBX-1", DcvMethod.Dns01, null, It.IsAny<CancellationToken>()))
            .Callback(() => Instance("ord-1:issue:0", null)).ReturnsAsync([Dns]);

        var result = await OrderEndpoints.ChangeDcvMethodAsync("ord-1", Request("""{"dcvMethod":"dns-01"}"""), Service, _auth, Time, CancellationToken.None);

        Assert.Equal(409, Status(result));
        _workflow.Verify(w => w.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Cancel_while_validating_is_raised_to_the_order_and_to_its_pipeline()
    {
        Order(OrderStatus.ActivationInProgress, OrderSubStatus.OrganizationChecks);
        Instance("ord-1", OrchestrationRuntimeStatus.Running);
        _workflow.Setup(w => w.RaiseEventAsync(It.IsAny<string>(), OrderEvents.Cancel, It.IsAny<object?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await OrderEndpoints.CancelAsync("ord-1", Request("""{"reason":"too slow"}"""), Service, _auth, Time, CancellationToken.None);

        Assert.Equal(202, Status(result));
        _workflow.Verify(w => w.RaiseEventAsync("ord-1", OrderEvents.Cancel, It.Is<CancelRequest>(c => c.Reason == "too slow"), It.IsAny<CancellationToken>()), Times.Once);
        _workflow.Verify(w => w.RaiseEventAsync("ord-1:issue:0", OrderEvents.Cancel, It.Is<CancelRequest>(c => c.Reason == "too slow"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Cancel_before_the_pipeline_exists_is_raised_to_the_order_only()
    {
        Order(OrderStatus.PendingActivation);
        Instance("ord-1", OrchestrationRuntimeStatus.Pending);
        Instance("ord-1:issue:0", null);
        _workflow.Setup(w => w.RaiseEventAsync("ord-1", OrderEvents.Cancel, It.IsAny<object?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await OrderEndpoints.CancelAsync("ord-1", Request(), Service, _auth, Time, CancellationToken.None);

        Assert.Equal(202, Status(result));
        // Durable would drop it: the order passes the cancel on once its pipeline exists.
        _workflow.Verify(w => w.RaiseEventAsync("ord-1:issue:0", It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
