using Azure;
using Azure.Communication.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SslFlow.Activities.Ports;
using SslFlow.Functions.Notifications;
using Acs = Azure.Communication.Email;

namespace SslFlow.Functions.Tests.Notifications;

public sealed class AcsEmailNotifierTests
{
    private readonly Mock<EmailClient> client = new(MockBehavior.Strict);
    private readonly List<(Acs.EmailMessage Message, Guid OperationId, WaitUntil Wait)> sent = [];

    private AcsEmailNotifier Notifier() => new(this.client.Object, new AcsEmailNotifierOptions { Sender = "DoNotReply@mail.example.com" }, NullLogger<AcsEmailNotifier>.Instance);

    private void AcceptSends()
    {
        var operation = new Mock<EmailSendOperation>();
        operation.SetupGet(o => o.Id).Returns("op");
        this.client.Setup(c => c.SendAsync(It.IsAny<WaitUntil>(), It.IsAny<Acs.EmailMessage>(), It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .Callback((WaitUntil w, Acs.EmailMessage m, Guid id, CancellationToken _) => this.sent.Add((m, id, w)))
            .ReturnsAsync(operation.Object);
    }

    private static SslFlow.Activities.Ports.EmailMessage Message(string key) => new("customer@example.com", "Your certificate is ready", "text body", "<p>html body</p>",
        [new EmailAttachmentContent("chain.pem", "application/x-pem-file", "-----BEGIN CERTIFICATE-----"u8.ToArray())], key);

    [Fact]
    public async Task Sends_the_message_from_the_configured_sender_with_body_attachment_and_no_tracking_waiting_only_for_acceptance()
    {
        this.AcceptSends();

        await this.Notifier().SendAsync(Message("ord-1/issued"), default);

        var (email, _, wait) = Assert.Single(this.sent);
        Assert.Equal(WaitUntil.Started, wait);
        Assert.Equal("DoNotReply@mail.example.com", email.SenderAddress);
        Assert.Equal("customer@example.com", Assert.Single(email.Recipients.To).Address);
        Assert.Equal("Your certificate is ready", email.Content.Subject);
        Assert.Equal("text body", email.Content.PlainText);
        Assert.Equal("<p>html body</p>", email.Content.Html);
        Assert.True(email.UserEngagementTrackingDisabled);
        var attachment = Assert.Single(email.Attachments);
        Assert.Equal(("chain.pem", "application/x-pem-file"), (attachment.Name, attachment.ContentType));
        Assert.Equal("-----BEGIN CERTIFICATE-----"u8.ToArray(), attachment.Content.ToArray());
    }

    [Fact]
    public async Task A_rerun_uses_the_same_operation_id_and_another_message_a_different_one()
    {
        this.AcceptSends();

        await this.Notifier().SendAsync(Message("ord-1/issued"), default);
        await this.Notifier().SendAsync(Message("ord-1/issued"), default);
        await this.Notifier().SendAsync(Message("ord-2/issued"), default);

        Assert.Equal(this.sent[0].OperationId, this.sent[1].OperationId);
        Assert.NotEqual(this.sent[0].OperationId, this.sent[2].OperationId);
        Assert.Equal(AcsEmailNotifier.OperationIdFor("ord-1/issued"), this.sent[0].OperationId);
    }

    [Fact]
    public async Task A_conflict_on_the_operation_id_means_already_accepted_and_is_not_an_error()
    {
        this.client.Setup(c => c.SendAsync(WaitUntil.Started, It.IsAny<Acs.EmailMessage>(), It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(409, "operation exists"));

        await this.Notifier().SendAsync(Message("ord-1/issued"), default);
    }

    [Fact]
    public async Task Throttling_and_server_errors_surface_so_the_activity_retries()
    {
        this.client.Setup(c => c.SendAsync(WaitUntil.Started, It.IsAny<Acs.EmailMessage>(), It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(429, "too many requests"));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => this.Notifier().SendAsync(Message("ord-1/issued"), default));

        Assert.Equal(429, ex.Status);
    }
}
