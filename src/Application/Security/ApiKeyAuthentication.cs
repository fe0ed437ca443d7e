using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using SslFlow.Domain.Accounts;

namespace SslFlow.Application.Security;

/// <summary>
/// Intake is authenticated by API key (<c>Authorization: Bearer …</c> or <c>X-Api-Key</c>); each key belongs to an
/// <see cref="Account"/> (a customer or an operator), so idempotency keys, orders and what a caller may see are per
/// account. Keys come from <c>SslFlow:Accounts</c> (<see cref="ApiKeyDirectory"/>) and, for deployments configured before
/// accounts existed, the flat <c>SslFlow:ApiKeys</c> (key → caller name), whose callers are customer accounts named as
/// their orders already record them. Compared in constant time; keys are never logged.
/// </summary>
public sealed class ApiKeyAuthentication
{
    private readonly ApiKeyDirectory? _directory;
    private readonly (byte[] Hash, Account Account)[] _callerKeys;

    public ApiKeyAuthentication(IReadOnlyDictionary<string, string> callersByKey) : this(null, callersByKey)
    {
    }

    public ApiKeyAuthentication(ApiKeyDirectory? directory, IReadOnlyDictionary<string, string>? callersByKey = null)
    {
        _directory = directory;
        _callerKeys = (callersByKey ?? new Dictionary<string, string>())
            .Select(p => (SHA256.HashData(Encoding.UTF8.GetBytes(p.Key)), new Account(p.Value, p.Value, AccountRole.Customer)))
            .ToArray();
    }

    /// <summary>The caller's account id (what orders record as their customer), or null.</summary>
    public string? Authenticate(HttpRequest request) => AuthenticateAccount(request)?.Id;

    /// <summary>The caller's account, or null when no key or an unknown key was presented.</summary>
    public Account? AuthenticateAccount(HttpRequest request)
    {
        string? presented = null;
        if (request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = auth[7..].Trim();
        else if (request.Headers["X-Api-Key"].ToString() is { Length: > 0 } header) presented = header;
        if (string.IsNullOrEmpty(presented)) return null;
        var account = _directory?.Authenticate(presented);
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var (hash, caller) in _callerKeys)
        {
            // Every key is compared, so timing does not tell which prefix matched.
            if (CryptographicOperations.FixedTimeEquals(presentedHash, hash)) account ??= caller;
        }
        return account;
    }
}
