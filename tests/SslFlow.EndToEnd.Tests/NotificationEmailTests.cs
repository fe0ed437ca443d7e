using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.Activities.Notifications;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Rules;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// Every email kind for a DV, an OV and a failed order, sent by the real activity (order store in Azurite, vault,
/// MailKit SMTP) and read back from maildev: subject, text and HTML parts, and the PEM chain on the issued mail.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class NotificationEmailTests(LocalPartsFixture parts)
{
    [Fact]
    public async Task Each_email_kind_arrives_in_maildev_with_the_right_content_for_a_dv_an_ov_and_a_failed_order()
    {
        var now = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        await using var stack = await FakeClockStack.StartAsync(parts, now);
        var notify = stack.Services.GetRequiredService<NotifyCustomer>();
        var vault = stack.Services.GetRequiredService<IVault>();
        var tag = Guid.NewGuid().ToString("N")[..8];

        // DV: http-01 and dns-01 instructions, issued with the chain attached, renewal, expiry warning, revoke, disable.
        var dv = await OrderAsync(stack, $"dv-{tag}", "dv-multi", [$"www.dv-{tag}.example.com", $"dv-{tag}.example.com"], "Http01", now);
        var issuedChain = await MergeTestChainAsync(vault, dv, now);
        DcvChallenge[] dvChallenges =
        [
            new($"www.dv-{tag}.example.com", DcvMethod.Http01, "tokHttp", "tokHttp.thumb", $"http://www.dv-{tag}.example.com/.well-known/acme-challenge/tokHttp"),
            new($"dv-{tag}.example.com", DcvMethod.Dns01, "tokDns", "dnsTxtValue", $"_acme-challenge.dv-{tag}.example.com"),
        ];
        var dvKinds = new (NotificationKind Kind, NotifyCustomerInput Input)[]
        {
            (NotificationKind.OrderReceived, new(dv.OrderId, NotificationKind.OrderReceived, 0)),
            (NotificationKind.DcvInstructions, new(dv.OrderId, NotificationKind.DcvInstructions, 1, Challenges: dvChallenges)),
            (NotificationKind.Issued, new(dv.OrderId, NotificationKind.Issued, 2)),
            (NotificationKind.Renewed, new(dv.OrderId, NotificationKind.Renewed, 3)),
            (NotificationKind.RenewalFailed, new(dv.OrderId, NotificationKind.RenewalFailed, 4, "rateLimited: too many certificates")),
            (NotificationKind.Expiring, new(dv.OrderId, NotificationKind.Expiring, 5, DaysLeft: 7)),
            (NotificationKind.Revoked, new(dv.OrderId, NotificationKind.Revoked, 6)),
            (NotificationKind.Disabled, new(dv.OrderId, NotificationKind.Disabled, 7)),
            (NotificationKind.Installed, new(dv.OrderId, NotificationKind.Installed, 8, "installed on www.example.com")),
            (NotificationKind.InstallFailed, new(dv.OrderId, NotificationKind.InstallFailed, 9, "nginx -t failed, rolled back")),
            (NotificationKind.SubscriptionRenewed, new(dv.OrderId, NotificationKind.SubscriptionRenewed, 10)), // the template only needs the order's product and end
        };

        // OV: email DCV with the constructed approver addresses, organization checks, a renewal that needs a person.
        var ov = await OrderAsync(stack, $"ov-{tag}", "ov-single", [$"shop.ov-{tag}.example.org"], "Email", now);
        var ovKinds = new (NotificationKind Kind, NotifyCustomerInput Input)[]
        {
            (NotificationKind.OrderReceived, new(ov.OrderId, NotificationKind.OrderReceived, 0)),
            (NotificationKind.DcvInstructions, new(ov.OrderId, NotificationKind.DcvInstructions, 1,
                Challenges: [new DcvChallenge($"shop.ov-{tag}.example.org", DcvMethod.Email, "", $"admin@ov-{tag}.example.org", null)])),
            (NotificationKind.OrganizationChecks, new(ov.OrderId, NotificationKind.OrganizationChecks, 2)),
            (NotificationKind.RenewalActionNeeded, new(ov.OrderId, NotificationKind.RenewalActionNeeded, 3, "The certificate authority must verify your organization again")),
            (NotificationKind.ActivationReminder, new(ov.OrderId, NotificationKind.ActivationReminder, 4, "Activate it within 83 days or it lapses and is refunded.")),
        };

        // Failed: the CA rejected it; then cancel and refund.
        var failed = await OrderAsync(stack, $"fail-{tag}", "dv-single", [$"fail-{tag}.example.net"], "Dns01", now,
            lastError: "DNS problem: NXDOMAIN looking up TXT for _acme-challenge.fail.example.net");
        var failedKinds = new (NotificationKind Kind, NotifyCustomerInput Input)[]
        {
            (NotificationKind.ActivationError, new(failed.OrderId, NotificationKind.ActivationError, 0)),
            (NotificationKind.Cancelled, new(failed.OrderId, NotificationKind.Cancelled, 1)),
            (NotificationKind.Refunded, new(failed.OrderId, NotificationKind.Refunded, 2)),
        };

        foreach (var (_, input) in dvKinds.Concat(ovKinds).Concat(failedKinds)) Assert.True(await notify.RunAsync(DirectActivityContext.For<NotifyCustomer>(), input));
        Assert.Equal(Enum.GetValues<NotificationKind>().ToHashSet(), dvKinds.Concat(ovKinds).Concat(failedKinds).Select(k => k.Kind).ToHashSet()); // every kind is covered

        var dvMails = await MailsAsync(dv.ContactEmail!, dvKinds.Length);
        var ovMails = await MailsAsync(ov.ContactEmail!, ovKinds.Length);
        var failedMails = await MailsAsync(failed.ContactEmail!, failedKinds.Length);

        // Each mail is exactly its template for the stored order, in both parts.
        foreach (var (order, kinds, mails) in new[] { (dv, dvKinds, dvMails), (ov, ovKinds, ovMails), (failed, failedKinds, failedMails) })
        {
            Assert.Equal(kinds.Length, mails.Count);
            foreach (var (kind, input) in kinds)
            {
                var mail = Assert.Single(mails, m => m.Subject == Expected(kind, order, input, issuedChain).Subject);
                var expected = Expected(kind, order, input, issuedChain);
                Assert.Equal(expected.Text.TrimEnd(), mail.Text.ReplaceLineEndings("\n").TrimEnd());
                Assert.Contains($"<title>{System.Net.WebUtility.HtmlEncode(expected.Subject)}</title>", mail.Html);
            }
        }

        string Text(List<Mail> mails, string subjectPart) => mails.Single(m => m.Subject.Contains(subjectPart)).Text;
        // DV: where to put the file and what is in it; the TXT record; the chain attached as PEM, leaf first.
        var dcv = Text(dvMails, "Action needed: validate");
        Assert.Contains($"serve a file at http://www.dv-{tag}.example.com/.well-known/acme-challenge/tokHttp whose content is exactly: tokHttp.thumb", dcv);
        Assert.Contains($"add a DNS TXT record _acme-challenge.dv-{tag}.example.com with the value: dnsTxtValue", dcv);
        var issued = dvMails.Single(m => m.Subject.EndsWith("is issued"));
        var attachment = Assert.Single(issued.Raw.GetProperty("attachments").EnumerateArray());
        var pem = await DownloadAttachmentAsync(issued.Raw, attachment);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(pem);
        Assert.Equal(issuedChain.Select(c => c.Thumbprint), chain.Select(c => c.Thumbprint));
        Assert.DoesNotContain("PRIVATE KEY", pem);
        Assert.Contains("expires in 7 days", dvMails.Select(m => m.Subject).Single(s => s.Contains("expires")));
        // OV: only the constructed addresses at the registrable domain (example.org, by the Public Suffix List), no WHOIS contact.
        var ovDcv = Text(ovMails, "Action needed: validate");
        Assert.Contains("Approver addresses you may choose: admin@example.org, administrator@example.org, webmaster@example.org, hostmaster@example.org, postmaster@example.org.", ovDcv);
        Assert.Contains("checking your organization", Text(ovMails, "Organization checks underway"));
        // Failed: the reason and what to do.
        var error = Text(failedMails, "could not issue");
        Assert.Contains("Reason: DNS problem: NXDOMAIN", error);
        Assert.Contains("What to do:", error);
        Assert.Contains("TO BE REFUNDED", Text(failedMails, "cancelled"));
        Assert.Contains("REFUNDED", Text(failedMails, "refunded"));
    }

    /// <summary>The template for what the activity reads from the store (so the mail equals it, field by field).</summary>
    private static EmailTemplates.Rendered Expected(NotificationKind kind, OrderRecord order, NotifyCustomerInput input, X509Certificate2Collection chain)
    {
        var approvers = kind == NotificationKind.DcvInstructions && input.Challenges!.Any(c => c.Method == DcvMethod.Email)
            ? Domain.Rules.ApproverEmailOptions.For(order.DnsNames[0], Domain.Rules.BaselineRequirements.DayOf(order.CreatedAt)).Select(o => o.Address).ToArray()
            : [];
        var reason = input.Reason ?? (kind is NotificationKind.ActivationError or NotificationKind.Cancelled ? order.LastError : null);
        return EmailTemplates.Render(kind, new NotificationModel(order.OrderId, order.ProductCode, order.DnsNames, order.Status.Display(), order.CaReference,
            order.SerialNumber, order.NotAfter, reason, input.Challenges ?? [], approvers, input.DaysLeft, null));
    }

    private static async Task<OrderRecord> OrderAsync(FakeClockStack stack, string id, string product, string[] names, string dcv, DateTimeOffset now, string? lastError = null)
    {
        var order = new OrderRecord(id, product, names, dcv, $"{id}@customers.test", lastError is null ? OrderStatus.Active : OrderStatus.ActivationError, OrderSubStatus.None,
            now, now, "acme", CaReference: $"CA-{id}", CertificateName: $"order-{id}", SerialNumber: lastError is null ? "0A1B2C" : null,
            NotBefore: lastError is null ? now : null, NotAfter: lastError is null ? now.AddDays(200) : null, LastError: lastError);
        await stack.Orders.CreateAsync(order, default);
        return order;
    }

    /// <summary>A key made in the vault, its CSR signed by a throw-away CA, merged back: the vault then holds a chain like an issued one.</summary>
    private static async Task<X509Certificate2Collection> MergeTestChainAsync(IVault vault, OrderRecord order, DateTimeOffset now)
    {
        var pending = await vault.CreateCsrAsync(new CsrRequest(order.CertificateName!, order.DnsNames[0], order.DnsNames), default);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SslFlow Test Intermediate", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var csr = CertificateRequest.LoadSigningRequest(pending.Csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        var leaf = csr.Create(ca, now, now.AddDays(200), [0x0A, 0x1B, 0x2C]);
        await vault.MergeAsync(order.CertificateName!, [leaf.RawData, ca.RawData], default);
        return [X509CertificateLoader.LoadCertificate(leaf.RawData), X509CertificateLoader.LoadCertificate(ca.RawData)];
    }

    private async Task<string> DownloadAttachmentAsync(JsonElement message, JsonElement attachment)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{parts.Mail.WebPort}/") };
        var file = attachment.TryGetProperty("generatedFileName", out var g) ? g.GetString() : attachment.GetProperty("fileName").GetString();
        return await http.GetStringAsync($"email/{message.GetProperty("id").GetString()}/attachment/{Uri.EscapeDataString(file!)}");
    }

    private sealed record Mail(string Subject, string Text, string Html, JsonElement Raw);

    private async Task<List<Mail>> MailsAsync(string address, int atLeast)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200)) // observing maildev through its API
        {
            var mine = (await parts.Mail.GetMessagesAsync())
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == address))
                .Select(m => new Mail(m.GetProperty("subject").GetString()!, m.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "",
                    m.TryGetProperty("html", out var h) ? h.GetString() ?? "" : "", m))
                .ToList();
            if (mine.Count >= atLeast || DateTime.UtcNow > deadline) return mine;
        }
    }
}
