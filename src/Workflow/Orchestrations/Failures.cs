using System.Collections.Concurrent;
using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>Reading failure details as the SDK delivers them.</summary>
public static class Failures
{
    private static readonly ConcurrentDictionary<string, Type[]> TypesByName = new(StringComparer.Ordinal);

    /// <summary>
    /// Exceptions that moved to SslFlow.Contracts: failure details recorded before the move carry their old full names,
    /// and replaying that history must take the same branches (retry or not, wait for the CA or not) as the first run.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, Type> FormerNames = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["SslFlow.Contracts.CertificateAuthorities.CaNotReadyException"] = typeof(CaNotReadyException),
        ["SslFlow.Contracts.CertificateAuthorities.CaOrderFailedException"] = typeof(CaOrderFailedException),
        ["SslFlow.Contracts.CertificateAuthorities.CaRateLimitedException"] = typeof(CaRateLimitedException),
    };

    /// <summary>
    /// True when this failure or one it wraps was caused by <typeparamref name="T"/> (or a subtype).
    /// <list type="bullet">
    /// <item>The chain is walked: the SDK's <see cref="TaskFailureDetails.IsCausedBy{T}"/> looks at the outer failure only,
    /// and a sub-orchestration that failed because one of its activities failed arrives as a TaskFailedException whose
    /// inner failure is the activity's exception.</item>
    /// <item>The type is resolved here: <see cref="TaskFailureDetails.IsCausedBy{T}"/> throws AmbiguousMatchException for
    /// a name that more than one loaded assembly defines (System.Net.Http.HttpRequestException in a test or Functions
    /// host), which would break a retry policy's filter and turn an <c>catch … when</c> filter silently false.</item>
    /// </list>
    /// </summary>
    public static bool HasCause<T>(this TaskFailureDetails details) where T : Exception
    {
        for (var d = details; d is not null; d = d.InnerFailure)
        {
            if (IsA(d.ErrorType, typeof(T))) return true;
        }
        return false;
    }

    private static bool IsA(string? errorType, Type target)
    {
        if (string.IsNullOrEmpty(errorType)) return false;
        if (errorType == target.FullName) return true;
        if (!TypesByName.TryGetValue(errorType, out var types))
        {
            types = Resolve(errorType);
            if (types.Length > 0) TypesByName[errorType] = types; // an assembly loaded later may still bring an unknown name
        }
        return types.Any(target.IsAssignableFrom);
    }

    private static Type[] Resolve(string name)
    {
        if (FormerNames.TryGetValue(name, out var moved)) return [moved];
        if (Type.GetType(name, throwOnError: false) is { } type) return [type];
        return AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType(name, throwOnError: false))
            .OfType<Type>()
            .Distinct()
            .ToArray();
    }
}
