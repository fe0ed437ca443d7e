namespace SslFlow.AcmeClient;

/// <summary>The CA answered with a problem document. <see cref="RetryAfter"/> comes from the header when given.</summary>
public sealed class AcmeProblemException(AcmeProblem problem, int httpStatus, TimeSpan? retryAfter)
    : Exception($"ACME {problem}")
{
    public AcmeProblem Problem { get; } = problem;
    public int HttpStatus { get; } = httpStatus;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>What the workflow does with it: wait and retry, fail the order with the reason, or call an operator.</summary>
    public AcmeProblemClass Classify() => Problem.Kind switch
    {
        "badNonce" or "rateLimited" or "serverInternal" => AcmeProblemClass.RetryLater,
        "rejectedIdentifier" or "unauthorized" or "caa" or "dns" or "connection" or "incorrectResponse" or "badCSR" or "unsupportedIdentifier"
            or "tls" or "orderNotReady" or "alreadyRevoked" or "badRevocationReason" or "malformed" => AcmeProblemClass.OrderFailed,
        "accountDoesNotExist" or "externalAccountRequired" or "badPublicKey" or "badSignatureAlgorithm" or "userActionRequired" or "invalidContact"
            or "unsupportedContact" => AcmeProblemClass.Operator,
        _ when HttpStatus >= 500 => AcmeProblemClass.RetryLater,
        _ => AcmeProblemClass.OrderFailed,
    };
}

public enum AcmeProblemClass
{
    RetryLater,
    OrderFailed,
    Operator,
}
