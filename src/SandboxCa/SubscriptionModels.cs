namespace SslFlow.SandboxCa;

// Wire shapes of the CaaS subscription API (camelCase JSON). Term: a TimeSpan ("365.00:00:00").

public sealed record CreateSubscriptionRequest(
    string? ProductCode,
    string? OrderKey,
    TimeSpan? Term,
    string? CustomerId,
    string? ContactEmail,
    string? OrganizationName);

public sealed record RenewSubscriptionRequest(string? RenewalKey, TimeSpan? Term);

public sealed record DeactivateSubscriptionRequest(string? Reason);

/// <summary>
/// A subscription. <paramref name="HmacKey"/> and <paramref name="DirectoryUrl"/> are only in the answer to
/// <c>POST /v1/subscriptions</c> (create or its replay with the same order key) while the subscription is active.
/// </summary>
public sealed record SubscriptionView(
    string CaReference,
    string OrderKey,
    string ProductCode,
    string? CustomerId,
    string Status,
    IReadOnlyList<StepView> Steps,
    string? CurrentStep,
    TimeSpan Term,
    string? KeyId,
    string? HmacKey,
    string? DirectoryUrl,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    string? Reason,
    DateTimeOffset? DeactivatedAt,
    bool KeyRetired,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SubscriptionView From(SandboxSubscription s, string? hmacKey = null, Uri? directory = null) => new(
        s.CaReference, s.OrderKey, s.ProductCode, s.CustomerId, s.Status,
        s.Steps.Select(x => new StepView(x.Name, Products.Step(x.Name).EventType, x.CompletedAt is null ? "pending" : "completed", x.CompletedAt)).ToList(),
        s.CurrentStep?.Name, s.Term, s.KeyId, hmacKey, hmacKey is null ? null : directory?.ToString(),
        s.NotBefore, s.NotAfter, s.Reason, s.DeactivatedAt, s.KeyRetired, s.CreatedAt, s.UpdatedAt);
}

/// <summary>The pool as the operator sees it: counts only, never a key.</summary>
public sealed record EabPoolView(bool Configured, int Available, int Assigned, int Retired, IReadOnlyList<string> AssignedKeyIds, IReadOnlyList<string> RetiredKeyIds);
