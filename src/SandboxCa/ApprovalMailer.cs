using System.Net.Mail;
using System.Threading.Channels;

namespace SslFlow.SandboxCa;

/// <summary>One approver email: to whom, for which name, and the link that approves it.</summary>
public sealed record ApprovalEmail(string To, string CaReference, string DnsName, Uri ApproveLink);

/// <summary>
/// Sends the approver emails of email DCV (BR 3.2.2.4.4 constructed addresses; for S/MIME the mailbox itself) over SMTP,
/// in the background so an order never waits on mail. Without <c>--smtp-host</c> they are only counted.
/// </summary>
public sealed class ApprovalMailer(SandboxOptions options, ILogger<ApprovalMailer> logger) : BackgroundService
{
    private readonly Channel<ApprovalEmail> _queue = Channel.CreateUnbounded<ApprovalEmail>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(ApprovalEmail email) => _queue.Writer.TryWrite(email);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var email in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (options.SmtpHost is null) continue;
                try
                {
                    using var smtp = new SmtpClient(options.SmtpHost, options.SmtpPort);
                    using var message = new MailMessage("validation@sandbox-ca.test", email.To)
                    {
                        Subject = $"Approve the certificate request for {email.DnsName} ({email.CaReference})",
                        Body = $"A certificate was requested for {email.DnsName} (order {email.CaReference}).\n\n" +
                               $"If you approve it, open:\n{email.ApproveLink}\n\nIf you did not expect this, ignore this email.\n",
                    };
                    await smtp.SendMailAsync(message, stoppingToken);
                    logger.LogInformation("Approver email for {CaReference} {DnsName} sent", email.CaReference, email.DnsName);
                }
                catch (Exception ex) when (ex is SmtpException or InvalidOperationException or IOException)
                {
                    logger.LogWarning(ex, "Approver email for {CaReference} not sent; the customer can ask for it again", email.CaReference);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
