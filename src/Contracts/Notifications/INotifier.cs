namespace SslFlow.Contracts.Notifications;

/// <summary>Sends customer email: SMTP (maildev locally) or Azure Communication Services Email in Azure.</summary>
public interface INotifier
{
    /// <summary>Sends once per <see cref="EmailMessage.IdempotencyKey"/> where the transport allows; callers never fail an order on it.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

public sealed record EmailMessage(
    string To,
    string Subject,
    string TextBody,
    string HtmlBody,
    IReadOnlyList<EmailAttachmentContent> Attachments,
    string IdempotencyKey);

public sealed record EmailAttachmentContent(string FileName, string ContentType, byte[] Content);
