using Durable = Microsoft.DurableTask;
using Port = SslFlow.Workflow.Abstractions;

namespace SslFlow.Functions.DurableAdapters;

/// <summary>Maps the port's retry policy and task options onto Durable's.</summary>
internal static class DurableOptionsMapper
{
    /// <summary>
    /// The port caps a retry delay at 6 days when no maximum is given (<see cref="Port.RetryPolicy.DelayBefore"/>);
    /// Durable would cap it at 1 hour. Passing the cap explicitly keeps both engines on the same schedule.
    /// </summary>
    public static readonly TimeSpan DefaultMaxRetryInterval = TimeSpan.FromDays(6);

    public static Durable.RetryPolicy ToDurable(Port.RetryPolicy policy)
    {
        var handle = policy.HandleFailure;
        return handle is null
            ? new Durable.RetryPolicy(policy.MaxNumberOfAttempts, policy.FirstRetryInterval, policy.BackoffCoefficient,
                policy.MaxRetryInterval ?? DefaultMaxRetryInterval, policy.RetryTimeout)
            : new Durable.RetryPolicy(policy.MaxNumberOfAttempts, policy.FirstRetryInterval, policy.BackoffCoefficient,
                policy.MaxRetryInterval ?? DefaultMaxRetryInterval, policy.RetryTimeout)
            {
                HandleFailure = ToDurableHandler(handle),
            };
    }

    /// <summary>Durable asks with its failure details; the port's predicate sees the same failure in port form.</summary>
    public static Func<Durable.TaskFailureDetails, bool> ToDurableHandler(Func<Port.TaskFailureDetails, bool> handle) =>
        details => handle(FailureDetailsMapper.ToPort(details));

    public static Durable.TaskOptions? ToDurable(Port.TaskOptions? options) =>
        options?.Retry is { } retry ? new Durable.TaskOptions(new Durable.TaskRetryOptions(ToDurable(retry))) : null;

    /// <summary>Always a <see cref="Durable.SubOrchestrationOptions"/> when an instance id or retry is given, so the id reaches Durable.</summary>
    public static Durable.SubOrchestrationOptions? ToDurable(Port.SubOrchestrationOptions? options)
    {
        if (options is null || (options.InstanceId is null && options.Retry is null))
        {
            return null;
        }

        var retry = options.Retry is null ? null : new Durable.TaskRetryOptions(ToDurable(options.Retry));
        return new Durable.SubOrchestrationOptions(retry, options.InstanceId);
    }
}
