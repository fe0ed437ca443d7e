namespace SslFlow.Contracts.Caas;

/// <param name="Provider">The CaaS provider's name (<see cref="ICaasProvider.Name"/>).</param>
/// <param name="OrderedAt">The order date: the credential's delivery period starts here.</param>
public sealed record CreateSubscriptionInput(string OrderId, string Provider, CaasRequest Request, DateTimeOffset OrderedAt);

public sealed record DeactivateSubscriptionInput(string Provider, string CaReference, string Reason);

/// <param name="NotBefore">The <c>availableUntil</c> the API announced, for the end of the delivery period: not destroyed
/// before it (null: at once, as a cancel or the term end ask, and as inputs recorded before it existed).</param>
public sealed record DestroyCredentialsInput(string OrderId, string Reason, DateTimeOffset? NotBefore = null);

/// <param name="RenewalKey">The CA's idempotency key for this renewal attempt (order id + attempt number): a re-run of the
/// activity extends once, and another attempt (after a failure) is another request at the CA.</param>
public sealed record RenewSubscriptionInput(string Provider, string CaReference, string RenewalKey, TimeSpan Term);

public sealed record GetSubscriptionInput(string Provider, string CaReference);
