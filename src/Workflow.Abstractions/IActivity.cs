namespace SslFlow.Workflow.Abstractions;

/// <summary>An activity: runs at least once, so it must be idempotent. Inputs and outputs are small records.</summary>
public interface IActivity<TInput, TOutput>
{
    Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken);
}
