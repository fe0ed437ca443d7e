using SslFlow.Contracts;
using Microsoft.DurableTask;
using SslFlow.Contracts.Notifications;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>Customer email from an orchestration: retried, and never allowed to fail the order.</summary>
public static class Notify
{
    /// <summary>First retry 30 s after a failure, then 2 min and 8 min: four attempts in all.</summary>
    public static readonly TimeSpan EmailRetryInterval = TimeSpan.FromSeconds(30);

    private static readonly TaskOptions EmailRetry = Policy(EmailRetryInterval);

    private static TaskOptions Policy(TimeSpan first) => TaskOptions.FromRetryPolicy(new RetryPolicy(4, first, 4.0, TimeSpan.FromMinutes(30)));

    public static async Task SendAsync(TaskOrchestrationContext context, NotifyCustomerInput input, WorkflowTimings? timings = null)
    {
        try
        {
            await context.CallActivityAsync<bool>(ActivityNames.NotifyCustomer, input.Keyed(context), timings?.EmailRetryInterval is { } first ? Policy(first) : EmailRetry);
        }
        catch (TaskFailedException)
        {
            // Given up after the retries: the order goes on; the failure is in the activity's logs.
        }
    }
}
