

namespace SslFlow.Contracts.Caas;

/// <param name="Provider">The CaaS provider's name (<see cref="ICaasProvider.Name"/>).</param>
/// <param name="OrderedAt">The order date: the credential's delivery period starts here.</param>
public sealed record CreateSubscriptionInput(string OrderId, string Provider, CaasRequest Request, DateTimeOffset OrderedAt);

public sealed record DeactivateSubscriptionInput(string Provider, string CaReference, string Reason);

public sealed record DestroyCredentialsInput(string OrderId, string Reason);

/// <param name="RenewalKey">The CA's idempotency key for this renewal attempt (order id + attempt number): a re-run of the
/// activity extends once, and another attempt (after a failure) is another request at the CA.</param>
public sealed record RenewSubscriptionInput(string Provider, string CaReference, string RenewalKey, TimeSpan Term);

public sealed record GetSubscriptionInput(string Provider, string CaReference);
