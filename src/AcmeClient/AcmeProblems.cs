namespace SslFlow.AcmeClient;

/// <summary>
/// Every ACME error type in the IANA "ACME Error Types" registry (RFC 8555 §6.7, RFC 8739, RFC 9115, RFC 9773, and the
/// profiles draft's invalidProfile) and what the workflow does with it. RetryLater: a durable wait (Retry-After when
/// given), not a failure. OrderFailed: the order ends in ACTIVATION ERROR with the CA's reason. Operator: our account,
/// key, configuration or a bug — a person must act; the order is not failed on the customer.
/// </summary>
public static class AcmeProblems
{
    public static readonly IReadOnlyDictionary<string, AcmeProblemClass> Table = new Dictionary<string, AcmeProblemClass>(StringComparer.Ordinal)
    {
        // Come back later.
        ["badNonce"] = AcmeProblemClass.RetryLater, // only after the client's own fresh-nonce retries ran out
        ["rateLimited"] = AcmeProblemClass.RetryLater,
        ["serverInternal"] = AcmeProblemClass.RetryLater,
        ["orderNotReady"] = AcmeProblemClass.RetryLater, // finalize raced validation: poll again

        // The CA refused or could not validate this order: ACTIVATION ERROR with the reason.
        ["badCSR"] = AcmeProblemClass.OrderFailed,
        ["caa"] = AcmeProblemClass.OrderFailed,
        ["compound"] = AcmeProblemClass.OrderFailed, // the subproblems carry the per-name reasons
        ["connection"] = AcmeProblemClass.OrderFailed,
        ["dns"] = AcmeProblemClass.OrderFailed,
        ["incorrectResponse"] = AcmeProblemClass.OrderFailed,
        ["rejectedIdentifier"] = AcmeProblemClass.OrderFailed,
        ["tls"] = AcmeProblemClass.OrderFailed,
        ["unauthorized"] = AcmeProblemClass.OrderFailed,
        ["unsupportedIdentifier"] = AcmeProblemClass.OrderFailed,
        ["alreadyRevoked"] = AcmeProblemClass.OrderFailed, // revoke treats it as done
        ["alreadyReplaced"] = AcmeProblemClass.OrderFailed, // RFC 9773: the certificate was renewed by another order

        // Our side: account, key, contact, configuration, or a malformed request (a bug).
        ["accountDoesNotExist"] = AcmeProblemClass.Operator,
        ["badPublicKey"] = AcmeProblemClass.Operator,
        ["badRevocationReason"] = AcmeProblemClass.Operator,
        ["badSignatureAlgorithm"] = AcmeProblemClass.Operator,
        ["externalAccountRequired"] = AcmeProblemClass.Operator,
        ["invalidContact"] = AcmeProblemClass.Operator,
        ["malformed"] = AcmeProblemClass.Operator,
        ["unsupportedContact"] = AcmeProblemClass.Operator,
        ["userActionRequired"] = AcmeProblemClass.Operator, // e.g. new terms of service at the instance URL
        ["invalidProfile"] = AcmeProblemClass.Operator,
        ["autoRenewalCanceled"] = AcmeProblemClass.Operator, // RFC 8739 (STAR)
        ["autoRenewalExpired"] = AcmeProblemClass.Operator,
        ["autoRenewalCancellationInvalid"] = AcmeProblemClass.Operator,
        ["autoRenewalRevocationNotSupported"] = AcmeProblemClass.Operator,
        ["delegationNotSupported"] = AcmeProblemClass.Operator, // RFC 9115
    };

    /// <summary>The class of a problem type (short name); an unknown type is retried when the CA failed (5xx), else an operator's.</summary>
    public static AcmeProblemClass Classify(string kind, int httpStatus) =>
        Table.TryGetValue(kind, out var known) ? known : httpStatus >= 500 ? AcmeProblemClass.RetryLater : AcmeProblemClass.Operator;
}
