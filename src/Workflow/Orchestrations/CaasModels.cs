namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// The durations of a subscription's life. They travel in the orchestration input (orchestrations are created without
/// DI), so a test or a demo can make them short. <paramref name="ReadableFor"/> must match the credential store's
/// delivery period (the hosts take both from the same setting).
/// </summary>
/// <param name="ReadableFor">From the order date until the credential is destroyed (seed 003: 7 days).</param>
/// <param name="RefundWindow">From activation: a cancel inside it deactivates the key and refunds.</param>
/// <param name="ValidationPollInterval">OV: how often the CA is asked whether it vetted the organization (recovers a lost webhook).</param>
/// <param name="ValidationDeadline">OV: from the order date; the order ends ACTIVATION ERROR (timeout) and is refunded after it.</param>
/// <param name="RemindBefore">Reminders before the term ends (NotificationKind.Expiring), e.g. 30 and 7 days.</param>
public sealed record CaasSettings(TimeSpan ReadableFor, TimeSpan RefundWindow, TimeSpan ValidationPollInterval, TimeSpan ValidationDeadline, IReadOnlyList<TimeSpan> RemindBefore)
{
    public static CaasSettings Default { get; } = new(TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromHours(4), TimeSpan.FromDays(60),
        [TimeSpan.FromDays(30), TimeSpan.FromDays(7)]);
}

/// <summary>A CaaS order: product, term, who owns it and which CaaS provider serves it.</summary>
public sealed record CaasSubscriptionInput(
    string OrderId,
    string ProductCode,
    TimeSpan Term,
    string Provider,
    string Customer,
    string? ContactEmail,
    string? OrganizationName,
    CaasSettings Settings);

public sealed record CaasSubscriptionResult(string OrderId, string Status, string? CaReference, string? Reason);
