using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;
using SslFlow.Contracts.Notifications;

namespace SslFlow.Adapters.Notifications;

/// <summary>
/// Email over SMTP with MailKit (maildev locally). The idempotency key becomes the Message-ID, so a re-sent
/// activity produces the same message id and mail systems can fold the duplicate.
/// </summary>
public sealed class SmtpNotifier(SmtpNotifierOptions options, ILogger<SmtpNotifier> logger) : INotifier
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.MessageId = $"{message.IdempotencyKey}@{options.MessageIdDomain}";
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var a in message.Attachments) body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        mime.Body = body.ToMessageBody();

        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host, options.Port, options.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (options.UserName is { Length: > 0 } user) await client.AuthenticateAsync(user, options.Password ?? "", cancellationToken);
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        logger.LogInformation("Sent {Subject} for {Key}", message.Subject, message.IdempotencyKey);
    }
}

public sealed class SmtpNotifierOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1025;
    public bool UseTls { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "SslFlow <certificates@sslflow.test>";
    public string MessageIdDomain { get; set; } = "sslflow.test";
}
