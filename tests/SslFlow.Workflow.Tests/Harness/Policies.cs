using Microsoft.DurableTask;
using CoreFailureDetails = DurableTask.Core.FailureDetails;
using CoreTaskFailedException = DurableTask.Core.Exceptions.TaskFailedException;

namespace SslFlow.Workflow.Tests.Harness;

public static class Policies
{
    /// <summary>
    /// Whether the policy retries this failure, asked the way Durable asks it: the SDK keeps only the wrapped
    /// <see cref="RetryPolicy.Handle"/>, which receives DurableTask.Core's TaskFailedException carrying the failure details.
    /// </summary>
    public static bool Handles(this RetryPolicy policy, TaskFailureDetails failure) =>
        policy.Handle(new CoreTaskFailedException(failure.ErrorMessage) { FailureDetails = ToCore(failure) });

    private static CoreFailureDetails ToCore(TaskFailureDetails d) =>
        new(d.ErrorType, d.ErrorMessage, d.StackTrace, d.InnerFailure is null ? null : ToCore(d.InnerFailure), isNonRetriable: false);
}
