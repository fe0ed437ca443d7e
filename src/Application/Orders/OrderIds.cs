using System.Security.Cryptography;
using System.Text;

namespace SslFlow.Application.Orders;

/// <summary>
/// Order ids, the durable instance id of each order. One rule for every way an order is placed (orders, purchases, CaaS
/// subscriptions): a retry with the same <c>Idempotency-Key</c> from the same caller lands on the same instance.
/// </summary>
public static class OrderIds
{
    public static string For(string caller, string? idempotencyKey) => idempotencyKey is null ? New() : Derived(caller, idempotencyKey);

    private static string New() => "ord-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    private static string Derived(string caller, string key) =>
        "ord-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}\n{key}")))[..20];
}
