using Microsoft.DurableTask;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts;

namespace SslFlow.Workflow.Orchestrations;

public sealed record ExpiryReminderInput(InventoryItem Item, int Days, int DaysLeft, WorkflowTimings? Timings = null);

/// <summary>
/// "Expires in N days without renewal" (30/7/1): one email, then the inventory records it. The instance id is
/// derived from certificate, serial and threshold, and the record stops the next runs from asking again, so each
/// reminder goes out once.
/// </summary>
public sealed class ExpiryReminderOrchestration : SslFlowOrchestrator<ExpiryReminderInput, bool>
{
    protected override async Task<bool> RunOrchestrationAsync(TaskOrchestrationContext context, ExpiryReminderInput input)
    {
        var item = input.Item;
        var reason = item.NeedsPerson ? "a person: the certificate authority's checks (see our earlier email)"
            : item.Failures > 0 ? $"a successful retry: {item.Failures} automatic renewal attempt(s) failed so far" : null;
        await Notify.SendAsync(context, new NotifyCustomerInput(item.CertificateId, NotificationKind.Expiring, 800_000 + 1000 * item.Renewals + input.Days, reason, DaysLeft: input.DaysLeft), input.Timings);
        await context.CallActivityAsync(ActivityNames.MarkReminded, new MarkRemindedInput(item.CertificateId, item.SerialNumber, input.Days), Retries.Transient);
        return true;
    }
}
