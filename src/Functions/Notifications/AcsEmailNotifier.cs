using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Communication.Email;
using Microsoft.Extensions.Logging;
using SslFlow.Activities.Ports;
using Acs = Azure.Communication.Email;

namespace SslFlow.Functions.Notifications;

/// <summary>
/// Customer email through Azure Communication Services (managed identity). The operation id is derived from the
/// message's idempotency key, so an activity re-run sends the same operation again and ACS keeps one message.
/// Waits only until ACS accepted the message (<see cref="WaitUntil.Started"/>), not for delivery.
/// </summary>
public sealed class AcsEmailNotifier(EmailClient client, AcsEmailNotifierOptions options, ILogger<AcsEmailNotifier> logger) : INotifier
{
    public async Task SendAsync(SslFlow.Activities.Ports.EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = new Acs.EmailMessage(options.Sender, new EmailRecipients([new EmailAddress(message.To)]),
            new EmailContent(message.Subject) { PlainText = message.TextBody, Html = message.HtmlBody })
        {
            // Transactional mail about certificates: no tracking pixels or rewritten links.
            UserEngagementTrackingDisabled = true,
        };
        foreach (var a in message.Attachments)
        {
            email.Attachments.Add(new EmailAttachment(a.FileName, a.ContentType, BinaryData.FromBytes(a.Content)));
        }

        var operationId = OperationIdFor(message.IdempotencyKey);
        try
        {
            var operation = await client.SendAsync(WaitUntil.Started, email, operationId, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("ACS accepted {Subject} for {IdempotencyKey} as operation {OperationId}", message.Subject, message.IdempotencyKey, operation.Id);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // The same operation id was accepted before (an activity re-run): the message is already on its way.
            logger.LogInformation("ACS already has operation {OperationId} for {IdempotencyKey}", operationId, message.IdempotencyKey);
        }
    }

    /// <summary>A stable GUID per idempotency key (first 16 bytes of SHA-256, version 8 and RFC 9562 variant bits set).</summary>
    public static Guid OperationIdFor(string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}

public sealed class AcsEmailNotifierOptions
{
    /// <summary>MailFrom address of the ACS email domain.</summary>
    public string Sender { get; set; } = "";
}
