using System.Net;
using System.Text;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Notifications;
using SslFlow.Domain.Rules;

namespace SslFlow.Activities.Notifications;

/// <summary>
/// One template per <see cref="NotificationKind"/>, rendered as plain text and HTML from the same lines so the
/// two never say different things. Customer text is HTML-encoded.
/// </summary>
public static class EmailTemplates
{
    public sealed record Rendered(string Subject, string Text, string Html);

    public static Rendered Render(NotificationKind kind, NotificationModel m)
    {
        var names = string.Join(", ", m.DnsNames);
        var (subject, lines) = IsSmime(m) && SmimeLines(kind, m, names) is { } smime ? smime : kind switch
        {
            NotificationKind.OrderReceived => ($"Order {m.OrderId} received: {names}", new List<string>
            {
                $"We have received your {m.Product} certificate order for {names}.",
                "Status: PENDING ACTIVATION. We will tell you what domain control validation needs as soon as the certificate authority accepts the order.",
            }),
            NotificationKind.DcvInstructions => ($"Action needed: validate {names}", DcvLines(m)),
            NotificationKind.OrganizationChecks => ($"Organization checks underway for {names}", new List<string>
            {
                "Domain control is validated. The certificate authority is now checking your organization's details (OV/EV).",
                "The CA may call the phone number on record or ask for documents; reply to it promptly to avoid delays.",
                Ref(m),
            }),
            NotificationKind.Issued => ($"Your certificate for {names} is issued", new List<string>
            {
                $"Your certificate is ACTIVE. Serial {m.SerialNumber}, valid until {Date(m.NotAfter)}.",
                "The certificate and its intermediates are attached as PEM (certificate first, then the chain). The private key stayed in the key vault.",
                "Install the full chain, not only the certificate: most \"not secure\" warnings after installation come from a missing intermediate.",
                "Check the installation with an SSL server test once it is in place.",
                Ref(m),
            }),
            NotificationKind.ActivationError => ($"We could not issue the certificate for {names}", new List<string>
            {
                "Status: ACTIVATION ERROR. The certificate authority could not complete the order.",
                $"Reason: {m.Reason ?? "not given"}",
                "What to do: check that the validation record or file is in place and reachable, then place the order again or contact support with the reference below.",
                Ref(m),
            }),
            NotificationKind.Cancelled => ($"Order {m.OrderId} cancelled", new List<string>
            {
                "Your order was cancelled. Status: TO BE REFUNDED. The refund is on its way.",
                Ref(m),
            }),
            NotificationKind.Refunded => ($"Order {m.OrderId} refunded", new List<string> { "The payment for this order has been refunded. Status: REFUNDED.", Ref(m) }),
            NotificationKind.Renewed => ($"Certificate for {names} renewed", new List<string>
            {
                $"Your certificate was renewed automatically. The new one is valid until {Date(m.NotAfter)} (serial {m.SerialNumber}).",
                "Deploy it before the old one expires if your servers do not read it from the vault.",
                Ref(m),
            }),
            NotificationKind.RenewalFailed => ($"Renewal for {names} failed — we will retry", new List<string>
            {
                $"Renewing your certificate failed: {m.Reason ?? "no reason given"}.",
                $"We retry automatically. The current certificate stays valid until {Date(m.NotAfter)}.",
                Ref(m),
            }),
            NotificationKind.RenewalActionNeeded => ($"Action needed to renew the certificate for {names}", new List<string>
            {
                $"Your certificate expires on {Date(m.NotAfter)}. Its renewal has started and cannot finish without you:",
                m.Reason ?? "The certificate authority needs a person to confirm the renewal.",
                "We remind you 30, 7 and 1 days before expiry until the renewal is done. The current certificate stays in place until then.",
                Ref(m),
            }),
            NotificationKind.Expiring => ($"Certificate for {names} expires in {Days(m.DaysLeft)}", new List<string>
            {
                $"Your certificate expires on {Date(m.NotAfter)} (in {Days(m.DaysLeft)}) and has not been renewed yet.",
                m.Reason is null ? "" : $"What the renewal is waiting for: {m.Reason}",
                "If it is not renewed by then, the order becomes CERTIFICATE DISABLED and visitors see a security warning.",
                Ref(m),
            }),
            NotificationKind.Revoked => ($"Certificate for {names} revoked", new List<string>
            {
                $"The certificate with serial {m.SerialNumber} was revoked. Status: REVOKED. Browsers will reject it; replace it now.",
                Ref(m),
            }),
            NotificationKind.Disabled => ($"Certificate for {names} expired", new List<string>
            {
                $"The certificate expired on {Date(m.NotAfter)}. Status: CERTIFICATE DISABLED. Visitors now see a security warning.",
                "Order a new certificate to restore HTTPS.",
                Ref(m),
            }),
            NotificationKind.Installed => ($"Certificate for {names} installed", new List<string>
            {
                $"Your certificate (serial {m.SerialNumber}, valid until {Date(m.NotAfter)}) is installed: {m.Reason ?? "on your server"}.",
                "We checked it on the wire: the server now presents this certificate.",
                Ref(m),
            }),
            NotificationKind.InstallFailed => ($"Installing the certificate for {names} failed — we will retry", new List<string>
            {
                $"Installing your certificate (serial {m.SerialNumber}) failed: {m.Reason ?? "no reason given"}.",
                "Whatever was installed before is still in place. We retry automatically; you can also download the certificate and install it yourself. The order stays ACTIVE.",
                Ref(m),
            }),
            NotificationKind.ActivationReminder => ($"Order {m.OrderId} waits for its activation details", new List<string>
            {
                $"Your {m.Product} certificate is paid for and PENDING ACTIVATION: activate it with its domain names, the validation method and, for OV/EV, your organization's details.",
                m.Reason ?? "",
            }),
            NotificationKind.SubscriptionRenewed => ($"Subscription {m.OrderId} renewed until {Date(m.NotAfter)}", new List<string>
            {
                $"Your {m.Product} subscription was renewed. It is ACTIVE until {Date(m.NotAfter)}.",
                "Your ACME client keeps the same External Account Binding key: there is nothing to change. The credentials are not sent again (they cannot be regenerated).",
                Ref(m),
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        // What intake warned about (e.g. a DCV method being phased out) goes with the mails that start the order.
        if (kind is NotificationKind.OrderReceived or NotificationKind.DcvInstructions && m.Warnings is { Count: > 0 } warnings)
            lines.InsertRange(lines.Count - (kind == NotificationKind.DcvInstructions ? 1 : 0), warnings.Select(w => $"Warning: {w}"));
        lines.RemoveAll(string.IsNullOrEmpty);
        return new Rendered(subject, Text(lines), Html(subject, lines));
    }

    private static bool IsSmime(NotificationModel m) => Domain.Products.ProductCatalog.Find(m.Product) is { IsSmime: true };

    /// <summary>
    /// The mails whose TLS wording would mislead on an S/MIME order (its one name is the mailbox): the mailbox challenge,
    /// the identity and organization checks of Pro and Enterprise, and issuance (no web server to install on). Null: as TLS.
    /// </summary>
    private static (string Subject, List<string> Lines)? SmimeLines(NotificationKind kind, NotificationModel m, string mailbox) => kind switch
    {
        NotificationKind.DcvInstructions => ($"Action needed: confirm {mailbox}", [
            "The certificate authority accepted your order. Status: ACTIVATION IN PROGRESS — it now checks that you control the mailbox.",
            .. m.Challenges.Select(c => $"Open the email the certificate authority sent to {c.Value} and follow its link."),
            "The order is cancelled and refunded if the mailbox is not confirmed in time (45 days for S/MIME Basic, 60 for Pro and Enterprise).",
            Ref(m),
        ]),
        NotificationKind.OrganizationChecks => ($"Identity checks underway for {mailbox}", [
            "The certificate authority is now verifying what the certificate will name: the person (S/MIME Pro and Enterprise) and the organization (Enterprise).",
            "It may ask for an identity document or call the applicant; reply to it promptly to avoid delays.",
            Ref(m),
        ]),
        NotificationKind.Issued => ($"Your certificate for {mailbox} is issued", [
            $"Your certificate is ACTIVE. Serial {m.SerialNumber}, valid until {Date(m.NotAfter)}.",
            $"It certifies {mailbox} for signing and encrypting email. The certificate and its intermediates are attached as PEM (certificate first, then the chain); the private key stayed in the key vault.",
            Ref(m),
        ]),
        _ => null,
    };

    private static List<string> DcvLines(NotificationModel m)
    {
        var lines = new List<string> { "The certificate authority accepted your order. Status: ACTIVATION IN PROGRESS — domain control validation in progress.", "To prove you control each name:" };
        foreach (var c in m.Challenges)
        {
            lines.Add(c.Method switch
            {
                DcvMethod.Http01 => $"{c.DnsName}: serve a file at {c.Location ?? $"http://{c.DnsName}/.well-known/acme-challenge/{c.Token}"} whose content is exactly: {c.Value}",
                DcvMethod.Dns01 => $"{c.DnsName}: add a DNS TXT record _acme-challenge.{c.DnsName.TrimStart('*', '.')} with the value: {c.Value}",
                _ => $"{c.DnsName}: open the approval email sent to {c.Value} and follow its link.",
            });
        }
        if (m.ApproverEmails.Count > 0) lines.Add($"Approver addresses you may choose: {string.Join(", ", m.ApproverEmails)}.");
        lines.Add("The order is cancelled and refunded if validation is not completed in time (45 days for DV, 60 for OV/EV).");
        lines.Add(Ref(m));
        return lines;
    }

    private static string Ref(NotificationModel m) =>
        m.CaReference is null ? $"Order: {m.OrderId}" : $"Order: {m.OrderId} · CA reference: {m.CaReference} (keep it: it is the key for tracking, reissue and download)";

    private static string Days(int? n) => n == 1 ? "1 day" : $"{n} days";

    private static string Date(DateTimeOffset? d) => d?.ToString("yyyy-MM-dd") ?? "unknown";

    private static string Text(IEnumerable<string> lines) => string.Join("\n\n", lines) + "\n\n— SslFlow\n";

    private static string Html(string subject, IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(subject)).Append("</title></head><body style=\"font-family:sans-serif\">\n");
        foreach (var line in lines) sb.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>\n");
        sb.Append("<p>— SslFlow</p></body></html>\n");
        return sb.ToString();
    }
}
