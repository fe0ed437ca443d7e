using System.Diagnostics;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using SslFlow.Adapters.Notifications.AcsEmail;
using SslFlow.Contracts.Notifications;

namespace SslFlow.Functions.Tests.Notifications;

/// <summary>The REST notifier against a real local HTTPS endpoint that checks what reaches the wire.</summary>
public sealed class AcsEmailNotifierTests : IAsyncLifetime
{
    private const string Token = "token-from-the-test-credential";
    private AcsEmailServer server = null!;
    private readonly TestCredential credential = new();
    private readonly ScopeCapturingLogger<AcsEmailNotifier> logger = new();

    public async Task InitializeAsync() => this.server = await AcsEmailServer.StartAsync();

    public async Task DisposeAsync() => await this.server.DisposeAsync();

    private AcsEmailNotifier Notifier()
    {
        var options = new AcsEmailClientOptions { Transport = new HttpClientTransport(this.server.TrustingHandler()) };
        // Short back-off for 5xx so the test is quick; a retry-after from the server still sets the floor.
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(10);
        return new AcsEmailNotifier(new AcsEmailOptions { Endpoint = this.server.Endpoint, SenderAddress = "DoNotReply@mail.example.com" },
            this.credential, this.logger, options);
    }

    private static EmailMessage Message(string key) => new("customer@example.com", "Your certificate is ready", "text body", "<p>html body</p>",
        [new EmailAttachmentContent("chain.pem", "application/x-pem-file", "-----BEGIN CERTIFICATE-----"u8.ToArray())], key);

    [Fact]
    public async Task Posts_the_message_to_emails_send_with_the_bearer_token_operation_id_and_the_reference_body()
    {
        this.server.Then(202, new Dictionary<string, string> { ["Operation-Location"] = $"{this.server.Endpoint}emails/operations/x?api-version=2023-03-31" });

        await this.Notifier().SendAsync(Message("ord-1/issued"), default);

        var request = Assert.Single(this.server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/emails:send", request.Path);
        Assert.Equal("?api-version=2023-03-31", request.Query);
        Assert.Equal($"Bearer {Token}", request.Headers["Authorization"]);
        Assert.Equal(["https://communication.azure.com//.default"], this.credential.Scopes.Distinct());
        Assert.Equal(AcsEmailNotifier.OperationIdFor("ord-1/issued").ToString("D"), request.Headers["Operation-Id"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("DoNotReply@mail.example.com", root.GetProperty("senderAddress").GetString());
        Assert.Equal("customer@example.com", Assert.Single(root.GetProperty("recipients").GetProperty("to").EnumerateArray()).GetProperty("address").GetString());
        var content = root.GetProperty("content");
        Assert.Equal("Your certificate is ready", content.GetProperty("subject").GetString());
        Assert.Equal("text body", content.GetProperty("plainText").GetString());
        Assert.Equal("<p>html body</p>", content.GetProperty("html").GetString());
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal("chain.pem", attachment.GetProperty("name").GetString());
        Assert.Equal("application/x-pem-file", attachment.GetProperty("contentType").GetString());
        Assert.Equal("-----BEGIN CERTIFICATE-----"u8.ToArray(), Convert.FromBase64String(attachment.GetProperty("contentInBase64").GetString()!));
        Assert.True(root.GetProperty("userEngagementTrackingDisabled").GetBoolean());

        // The token never reaches the logs; the accepted operation does.
        Assert.DoesNotContain(this.logger.Messages, m => m.Message.Contains(Token, StringComparison.Ordinal));
        Assert.Contains(this.logger.Messages, m => m.Message.Contains("emails/operations/x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rerun_sends_the_same_operation_id_and_another_message_a_different_one()
    {
        await this.Notifier().SendAsync(Message("ord-1/issued"), default);
        await this.Notifier().SendAsync(Message("ord-1/issued"), default);
        await this.Notifier().SendAsync(Message("ord-2/issued"), default);

        var ids = this.server.Requests.Select(r => r.Headers["Operation-Id"]).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
    }

    [Fact]
    public async Task A_conflict_on_the_operation_id_means_already_accepted()
    {
        this.server.Then(409, body: """{"error":{"code":"Conflict","message":"operation exists"}}""");

        await this.Notifier().SendAsync(Message("ord-1/issued"), default);

        Assert.Single(this.server.Requests);
    }

    [Fact]
    public async Task Throttling_waits_for_retry_after_and_sends_the_same_operation_again()
    {
        this.server.Then(429, new Dictionary<string, string> { ["Retry-After"] = "1" }, """{"error":{"code":"TooManyRequests","message":"slow down"}}""");
        this.server.Then(202);

        await this.Notifier().SendAsync(Message("ord-1/issued"), default);

        var requests = this.server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].Headers["Operation-Id"], requests[1].Headers["Operation-Id"]);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.True(Stopwatch.GetElapsedTime(requests[0].ReceivedAt, requests[1].ReceivedAt) >= TimeSpan.FromSeconds(0.95),
            "the retry came before retry-after elapsed");
    }

    [Fact]
    public async Task Server_errors_are_retried_then_fail_with_the_status()
    {
        for (var i = 0; i < 3; i++) this.server.Then(503, body: """{"error":{"code":"ServiceUnavailable","message":"try later"}}""");

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => this.Notifier().SendAsync(Message("ord-1/issued"), default));

        Assert.Equal(503, e.Status);
        Assert.Equal(3, this.server.Requests.Count);
        Assert.Contains("ord-1/issued", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_request_fails_at_once_naming_the_acs_error()
    {
        this.server.Then(400, body: """{"error":{"code":"InvalidSenderDomain","message":"The sender domain is not linked."}}""");

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => this.Notifier().SendAsync(Message("ord-1/issued"), default));

        Assert.Equal(400, e.Status);
        Assert.Equal("InvalidSenderDomain", e.ErrorCode);
        Assert.Contains("The sender domain is not linked.", e.Message, StringComparison.Ordinal);
        Assert.Single(this.server.Requests);
    }

    [Fact]
    public void The_operation_id_is_a_stable_rfc_9562_version_8_guid_per_key()
    {
        var id = AcsEmailNotifier.OperationIdFor("ord-1/issued");

        Assert.Equal(id, AcsEmailNotifier.OperationIdFor("ord-1/issued"));
        Assert.Equal(8, id.Version);
        Assert.Equal('8', id.ToString("D")[14]);
    }

    private sealed class TestCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (this.Scopes) this.Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(this.GetToken(requestContext, cancellationToken));
    }
}
