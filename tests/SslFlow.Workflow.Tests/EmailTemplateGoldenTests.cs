using SslFlow.Activities.Notifications;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Notifications;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Tests;

/// <summary>
/// Every email kind rendered for a fixed order and compared with its golden file (text and HTML).
/// To accept an intended change: run with SSLFLOW_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class EmailTemplateGoldenTests
{
    private static readonly NotificationModel Dv = new("ord-42", "dv-multi", ["www.example.com", "example.com"], "ACTIVE", "https://ca.example/order/77",
        "04A1B2", new DateTimeOffset(2027, 6, 12, 0, 0, 0, TimeSpan.Zero), "DNS problem: NXDOMAIN looking up A for www.example.com",
        [new DcvChallenge("www.example.com", DcvMethod.Http01, "tok1", "tok1.thumb", null), new DcvChallenge("*.example.com", DcvMethod.Dns01, "tok2", "txtvalue", null)],
        ["admin@example.com", "hostmaster@example.com"], 7, null);

    public static TheoryData<NotificationKind> Kinds() => new(Enum.GetValues<NotificationKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_matches_its_golden_file(NotificationKind kind)
    {
        var rendered = EmailTemplates.Render(kind, Dv);
        var actual = $"Subject: {rendered.Subject}\n\n{rendered.Text}\n----- html -----\n{rendered.Html}";
        var path = Path.Combine(SourceDir(), "Golden", $"{kind}.txt");
        if (Environment.GetEnvironmentVariable("SSLFLOW_UPDATE_GOLDEN") == "1") File.WriteAllText(path, actual);
        Assert.True(File.Exists(path), $"No golden file {path}; run with SSLFLOW_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    private static readonly NotificationModel Ov = new("ord-77", "ov-single", ["shop.example.org"], "ACTIVATION IN PROGRESS", "SBX-000123",
        "7F00AA", new DateTimeOffset(2027, 9, 1, 0, 0, 0, TimeSpan.Zero),
        "The certificate authority must verify your organization again (its earlier checks can no longer be reused): expect a call or a request for documents.",
        [new DcvChallenge("shop.example.org", DcvMethod.Email, "", "admin@example.org", null)],
        ["admin@example.org", "administrator@example.org", "webmaster@example.org", "hostmaster@example.org", "postmaster@example.org"], 30, null);

    public static TheoryData<NotificationKind> OvKinds() => new(NotificationKind.DcvInstructions, NotificationKind.OrganizationChecks, NotificationKind.Issued,
        NotificationKind.RenewalActionNeeded, NotificationKind.Expiring);

    /// <summary>The OV order's mails: email DCV with the constructed approver addresses, organization checks, re-vetting at renewal.</summary>
    [Theory]
    [MemberData(nameof(OvKinds))]
    public void Ov_mails_match_their_golden_files(NotificationKind kind)
    {
        var rendered = EmailTemplates.Render(kind, Ov);
        var actual = $"Subject: {rendered.Subject}\n\n{rendered.Text}\n----- html -----\n{rendered.Html}";
        var path = Path.Combine(SourceDir(), "Golden", "Ov", $"{kind}.txt");
        if (Environment.GetEnvironmentVariable("SSLFLOW_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"No golden file {path}; run with SSLFLOW_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    private static readonly NotificationModel Smime = new("ord-88", "smime-pro", ["maria@example.org"], "ACTIVATION IN PROGRESS", "SB-0000000088",
        "5A5A01", new DateTimeOffset(2028, 12, 1, 0, 0, 0, TimeSpan.Zero), null,
        [new DcvChallenge("maria@example.org", DcvMethod.Email, "tok", "maria@example.org", "mailto:maria@example.org")], [], null, null);

    public static TheoryData<NotificationKind> SmimeKinds() => new(NotificationKind.OrderReceived, NotificationKind.DcvInstructions, NotificationKind.OrganizationChecks,
        NotificationKind.Issued);

    /// <summary>The S/MIME Pro order's mails: the mailbox where a TLS order names its domains, the mailbox challenge, identity checks, no server to install on.</summary>
    [Theory]
    [MemberData(nameof(SmimeKinds))]
    public void Smime_mails_match_their_golden_files(NotificationKind kind)
    {
        var rendered = EmailTemplates.Render(kind, Smime);
        var actual = $"Subject: {rendered.Subject}\n\n{rendered.Text}\n----- html -----\n{rendered.Html}";
        var path = Path.Combine(SourceDir(), "Golden", "Smime", $"{kind}.txt");
        if (Environment.GetEnvironmentVariable("SSLFLOW_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"No golden file {path}; run with SSLFLOW_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void Customer_text_is_html_encoded()
    {
        var rendered = EmailTemplates.Render(NotificationKind.ActivationError, Dv with { Reason = "<script>alert(1)</script>" });
        Assert.DoesNotContain("<script>", rendered.Html);
        Assert.Contains("&lt;script&gt;", rendered.Html);
    }

    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
