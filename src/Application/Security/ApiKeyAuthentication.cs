using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SslFlow.Application.Security;

/// <summary>
/// Intake is authenticated by API key (<c>Authorization: Bearer …</c> or <c>X-Api-Key</c>); each key names a
/// caller, so idempotency keys and orders are per caller. Compared in constant time; keys are never logged.
/// </summary>
public sealed class ApiKeyAuthentication(IReadOnlyDictionary<string, string> callersByKey)
{
    public string? Authenticate(HttpRequest request)
    {
        string? presented = null;
        if (request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = auth[7..].Trim();
        else if (request.Headers["X-Api-Key"].ToString() is { Length: > 0 } header) presented = header;
        if (presented is null) return null;
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        string? caller = null;
        foreach (var (key, name) in callersByKey)
        {
            // Every key is compared, so timing does not tell which prefix matched.
            if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(presentedBytes), SHA256.HashData(Encoding.UTF8.GetBytes(key)))) caller = name;
        }
        return caller;
    }
}
