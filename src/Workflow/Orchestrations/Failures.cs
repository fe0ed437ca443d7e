using Microsoft.DurableTask;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>Reading failure details as the SDK delivers them.</summary>
public static class Failures
{
    /// <summary>
    /// True when this failure or one it wraps was caused by <typeparamref name="T"/>. The SDK's
    /// <see cref="TaskFailureDetails.IsCausedBy{T}"/> looks at the outer failure only, and a sub-orchestration that
    /// failed because one of its activities failed surfaces as a TaskFailedException whose inner failure is the
    /// activity's exception, so the chain is walked.
    /// </summary>
    public static bool HasCause<T>(this TaskFailureDetails details) where T : Exception
    {
        for (var d = details; d is not null; d = d.InnerFailure)
        {
            if (d.IsCausedBy<T>()) return true;
        }
        return false;
    }

}
