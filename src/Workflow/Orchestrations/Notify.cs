using Microsoft.DurableTask;
using SslFlow.Activities.Notifications;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>Customer email from an orchestration: retried, and never allowed to fail the order.</summary>
public static class Notify
{
    private static readonly TaskOptions EmailRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromSeconds(30), 4.0, TimeSpan.FromMinutes(30)));

    public static async Task SendAsync(TaskOrchestrationContext context, NotifyCustomerInput input)
    {
        try
        {
            await context.CallActivityAsync<bool>(nameof(NotifyCustomer), input, EmailRetry);
        }
        catch (TaskFailedException)
        {
            // Given up after the retries: the order goes on; the failure is in the activity's logs.
        }
    }
}
