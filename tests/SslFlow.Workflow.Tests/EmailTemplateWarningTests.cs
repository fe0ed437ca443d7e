using SslFlow.Activities.Notifications;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Notifications;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Tests;

/// <summary>Intake warnings go with the mails that start an order (received, DCV instructions), in text and HTML, and no others.</summary>
public sealed class EmailTemplateWarningTests
{
    private const string Warning = "Email validation to constructed addresses is being phased out <soon>.";

    private static readonly NotificationModel Order = new("ord-9", "ov-single", ["shop.example.org"], "PENDING ACTIVATION", "SBX-9", null, null, null,
        [new DcvChallenge("shop.example.org", DcvMethod.Email, "", "admin@example.org", null)], ["admin@example.org"], null, null, [Warning]);

    [Theory]
    [InlineData(NotificationKind.OrderReceived)]
    [InlineData(NotificationKind.DcvInstructions)]
    public void The_first_mails_carry_every_warning(NotificationKind kind)
    {
        var rendered = EmailTemplates.Render(kind, Order);
        Assert.Contains("Warning: " + Warning, rendered.Text);
        Assert.Contains("Warning: Email validation to constructed addresses is being phased out &lt;soon&gt;.", rendered.Html);
    }

    [Fact]
    public void Later_mails_and_orders_without_warnings_say_nothing_extra()
    {
        Assert.DoesNotContain("Warning:", EmailTemplates.Render(NotificationKind.Issued, Order).Text);
        Assert.DoesNotContain("Warning:", EmailTemplates.Render(NotificationKind.OrderReceived, Order with { Warnings = null }).Text);
    }
}
