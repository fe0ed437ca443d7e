using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SslFlow.Adapters.Challenges;
using SslFlow.Application.Webhooks;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Webhooks;
using SslFlow.Functions.Http;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Webhooks;
using DurableClient = Microsoft.DurableTask.Client;

namespace SslFlow.Functions.Tests.Http;

/// <summary>The CA webhook trigger against a mocked DurableTaskClient: authenticated, mapped to the live instance, raised once.</summary>
public sealed class WebhookFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    private readonly Mock<DurableClient.DurableTaskClient> durable = new(MockBehavior.Strict, "test");
    private readonly Mock<IOrderStore> orders = new();
    private readonly Mock<IWebhookReceipts> receipts = new();

    public WebhookFunctionsTests()
    {
        this.orders.Setup(o => o.FindOrderIdByCaReferenceAsync("CA-1", It.IsAny<CancellationToken>())).ReturnsAsync("ord-1");
        this.orders.Setup(o => o.GetAsync("ord-1", It.IsAny<CancellationToken>())).ReturnsAsync(new OrderRecord("ord-1", "ov-single", ["shop.example.com"], "Email",
            null, OrderStatus.ActivationInProgress, OrderSubStatus.OrganizationChecks, Now, Now, "sandbox", CaReference: "CA-1", WorkflowInstanceId: "ord-1"));
        this.receipts.Setup(r => r.TryRecordAsync("sandbox", It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
    }

    private WebhookFunctions Functions() => new(
        new WebhookOptions { Secrets = new(StringComparer.OrdinalIgnoreCase) { ["sandbox"] = ["whsec_" + Convert.ToBase64String(Secret)] } },
        new WebhookVerifier(new FakeTimeProvider(Now)), this.receipts.Object, this.orders.Object,
        new Http01ChallengeStore(new Azure.Data.Tables.TableServiceClient("UseDevelopmentStorage=true")), NullLogger<WebhookFunctions>.Instance);

    private static Microsoft.AspNetCore.Http.HttpRequest Signed(string body, byte[] secret)
    {
        var timestamp = Now.ToUnixTimeSeconds();
        return HttpTestContext.Request("POST", body, headers: new Dictionary<string, string>
        {
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = StandardWebhooks.Sign(secret, "msg_1", timestamp, Encoding.UTF8.GetBytes(body)),
        });
    }

    [Fact]
    public async Task A_signed_event_is_raised_to_the_orders_running_instance()
    {
        this.durable.Setup(c => c.GetInstanceAsync("ord-1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DurableClient.OrchestrationMetadata("OrderOrchestration", "ord-1") { RuntimeStatus = DurableClient.OrchestrationRuntimeStatus.Running });
        this.durable.Setup(c => c.RaiseEventAsync("ord-1", CaEventTypes.OrganizationValidated,
                It.Is<CaEvent>(e => e.CaReference == "CA-1"), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask).Verifiable();
        var request = Signed("""{"type":"organization.validated","caReference":"CA-1"}""", Secret);

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().ReceiveAsync(request, "sandbox", this.durable.Object, default), request);

        Assert.Equal(200, response.Status);
        Assert.Equal("accepted", response.Json.GetProperty("status").GetString());
        this.durable.Verify();
    }

    [Fact]
    public async Task A_wrong_signature_is_401_and_raises_nothing()
    {
        var request = Signed("""{"type":"issued","caReference":"CA-1"}""", RandomNumberGenerator.GetBytes(32));

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().ReceiveAsync(request, "sandbox", this.durable.Object, default), request);

        Assert.Equal(401, response.Status);
        Assert.Equal("https://sslflow.dev/problems/webhook-signature", response.Json.GetProperty("type").GetString());
        this.durable.VerifyNoOtherCalls();
        this.receipts.Verify(r => r.TryRecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task An_event_for_an_instance_Durable_does_not_know_is_409_and_the_receipt_is_forgotten()
    {
        // Durable discards events for unknown instances; the adapter checks first, so the CA can retry later.
        this.durable.Setup(c => c.GetInstanceAsync("ord-1", false, It.IsAny<CancellationToken>())).ReturnsAsync((DurableClient.OrchestrationMetadata?)null);
        var request = Signed("""{"type":"issued","caReference":"CA-1"}""", Secret);

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().ReceiveAsync(request, "sandbox", this.durable.Object, default), request);

        Assert.Equal(409, response.Status);
        this.receipts.Verify(r => r.ForgetAsync("sandbox", "msg_1", It.IsAny<CancellationToken>()), Times.Once);
    }
}
