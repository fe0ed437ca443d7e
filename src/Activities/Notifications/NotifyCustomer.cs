using Microsoft.DurableTask;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Rules;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;

namespace SslFlow.Activities.Notifications;

/// <summary>
/// Renders and sends one customer email. A failed send throws so the orchestration's retry policy sends it
/// again; the orchestration then gives up quietly, because email must not fail an order. Issued mail carries
/// the chain as PEM (certificates only; the key stays in the vault).
/// </summary>
public sealed class NotifyCustomer(IOrderStore orders, IVault vault, INotifier notifier, ILogger<NotifyCustomer> logger) : TaskActivity<NotifyCustomerInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, NotifyCustomerInput input)
    {
        var order = await orders.GetAsync(input.OrderId, CancellationToken.None);
        if (order?.ContactEmail is not { Length: > 0 } to) return false;
        string? chainPem = null;
        var attachments = new List<EmailAttachmentContent>();
        if (input.Kind is NotificationKind.Issued or NotificationKind.Renewed && order.CertificateName is { } name
            && await vault.GetCertificateAsync(name, CancellationToken.None) is { } cert)
        {
            chainPem = string.Concat(cert.ChainDer.Select(der => PemEncoding.WriteString("CERTIFICATE", der) + "\n"));
            attachments.Add(new EmailAttachmentContent($"{order.DnsNames[0].Replace('*', '_')}-fullchain.pem", "application/x-pem-file", Encoding.ASCII.GetBytes(chainPem)));
        }
        var challenges = input.Challenges ?? [];
        // Email DCV: list the constructed addresses the Baseline Requirements allow on the order's day (never a WHOIS contact).
        // An S/MIME order's "name" is its mailbox, which is itself the address the CA writes to: no approver to choose.
        IReadOnlyList<string> approvers = input.Kind == NotificationKind.DcvInstructions && challenges.Any(c => c.Method == DcvMethod.Email)
            && Domain.Products.ProductCatalog.Find(order.ProductCode) is not { IsSmime: true }
            ? ApproverEmailOptions.For(order.DnsNames[0], BaselineRequirements.DayOf(order.CreatedAt)).Select(o => o.Address).ToArray()
            : [];
        // Renewal mails describe the renewal, not an old failure of the order; the others fall back to the order's last error.
        var reason = input.Reason ?? (input.Kind is NotificationKind.ActivationError or NotificationKind.Cancelled ? order.LastError : null);
        var model = new NotificationModel(order.OrderId, order.ProductCode, order.DnsNames, order.Status.Display(), order.CaReference, order.SerialNumber,
            order.NotAfter, reason, challenges, approvers, input.DaysLeft, chainPem, order.Warnings);
        var rendered = EmailTemplates.Render(input.Kind, model);
        await notifier.SendAsync(new EmailMessage(to, rendered.Subject, rendered.Text, rendered.Html, attachments,
            IdempotencyKey(input)), CancellationToken.None);
        logger.LogInformation("Email {Kind} for order {OrderId} sent", input.Kind, input.OrderId);
        return true;
    }

    /// <summary>Dot-atom text (it becomes the Message-ID's left part): the step key is hashed, as instance ids hold ':' and '#'.</summary>
    public static string IdempotencyKey(NotifyCustomerInput input) => input.Key is { } key
        ? $"{input.OrderId}.{input.Kind}.{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}".ToLowerInvariant()
        : $"{input.OrderId}.{input.Kind}.{input.Sequence}".ToLowerInvariant();
}
