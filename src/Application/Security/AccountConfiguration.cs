using Microsoft.Extensions.Configuration;
using SslFlow.Domain.Accounts;

namespace SslFlow.Application.Security;

/// <summary>Builds the API key authentication both hosts use from <c>SslFlow:Accounts</c> and the older flat keys.</summary>
public static class AccountConfiguration
{
    /// <summary>
    /// Reads <see cref="ApiKeyDirectory.SettingsPrefix"/>; a misconfigured account stops the host at start with every
    /// setting path named (an account silently without keys would lock its customer out with no clue why).
    /// </summary>
    public static ApiKeyAuthentication Authentication(IConfiguration configuration, IReadOnlyDictionary<string, string> callersByKey)
    {
        var section = configuration.GetSection(ApiKeyDirectory.SettingsPrefix);
        var settings = section.Get<Dictionary<string, AccountSettings>>() ?? [];
        if (settings.Count == 0) return new ApiKeyAuthentication(callersByKey);
        var (directory, errors) = ApiKeyDirectory.Build(settings);
        if (directory is null) throw new InvalidOperationException("Invalid accounts: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")));
        return new ApiKeyAuthentication(directory, callersByKey);
    }
}
