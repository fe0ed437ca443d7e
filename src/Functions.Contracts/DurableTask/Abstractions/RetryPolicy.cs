// Mirrors microsoft/durabletask-dotnet src/Abstractions/RetryPolicy.cs (constructor, the five properties and
// HandleTaskFailureDetails). The constructor keeps upstream's defaults (MaxRetryInterval 1 h, RetryTimeout infinite)
// because they are data the adapter's tests read; argument validation and the Handle wrapping are not reproduced.
namespace Microsoft.DurableTask;

public class RetryPolicy
{
    Func<TaskFailureDetails, bool>? handleTaskFailureDetails;

    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        this.MaxNumberOfAttempts = maxNumberOfAttempts;
        this.FirstRetryInterval = firstRetryInterval;
        this.BackoffCoefficient = backoffCoefficient;
        this.MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        this.RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    public TimeSpan RetryTimeout { get; }

    /// <summary>Upstream: init-only; wraps the delegate into <c>Handle</c> over DurableTask.Core exceptions.</summary>
    public Func<TaskFailureDetails, bool> HandleTaskFailureDetails
    {
        init => this.handleTaskFailureDetails = value;
    }
}
