namespace SslFlow.AcmeClient;

/// <summary>The CA answered with a problem document. <see cref="RetryAfter"/> comes from the header when given.</summary>
public sealed class AcmeProblemException(AcmeProblem problem, int httpStatus, TimeSpan? retryAfter)
    : Exception($"ACME {problem}")
{
    public AcmeProblem Problem { get; } = problem;
    public int HttpStatus { get; } = httpStatus;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>What the workflow does with it: wait and retry, fail the order with the reason, or call an operator (<see cref="AcmeProblems"/>).</summary>
    public AcmeProblemClass Classify() => AcmeProblems.Classify(Problem.Kind, HttpStatus);
}

public enum AcmeProblemClass
{
    RetryLater,
    OrderFailed,
    Operator,
}
