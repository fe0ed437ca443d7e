using System.Security.Cryptography;
using System.Text;
using SslFlow.Domain.Intake;

namespace SslFlow.Domain.Accounts;

/// <summary>
/// Which account an API key belongs to. Built once from settings (<see cref="Build"/>, which reports every
/// misconfiguration by its setting path); <see cref="Authenticate"/> compares the SHA-256 of the presented key with
/// every configured key's in constant time, so timing tells nothing about which key or prefix matched. Keys are kept
/// only as hashes and never logged.
/// </summary>
public sealed class ApiKeyDirectory
{
    public const int MinKeyLength = 24;
    public const string SettingsPrefix = "SslFlow:Accounts";
    private const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    private readonly (byte[] Hash, Account Account)[] _keys;
    private readonly Dictionary<string, Account> _accounts;

    private ApiKeyDirectory((byte[] Hash, Account Account)[] keys, Dictionary<string, Account> accounts)
    {
        _keys = keys;
        _accounts = accounts;
    }

    public IReadOnlyCollection<Account> Accounts => _accounts.Values;

    public Account? Find(string accountId) => _accounts.GetValueOrDefault(accountId.ToLowerInvariant());

    /// <summary>The account the key belongs to, or null (no key, unknown key).</summary>
    public Account? Authenticate(string? presentedKey)
    {
        if (string.IsNullOrEmpty(presentedKey)) return null;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        Account? match = null;
        foreach (var (hash, account) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash)) match = account;
        }
        return match;
    }

    /// <summary>
    /// Account ids: 1–64 of a–z, 0–9 and '-', starting with a letter or digit (configuration keys are case-insensitive,
    /// so ids are lower-cased). Refused: keys shorter than <see cref="MinKeyLength"/>, a Key Vault reference left
    /// unresolved (the app's identity cannot read the secret), one key in two accounts.
    /// </summary>
    public static (ApiKeyDirectory? Directory, IReadOnlyList<ValidationError> Errors) Build(IReadOnlyDictionary<string, AccountSettings>? settings)
    {
        var errors = new List<ValidationError>();
        var accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
        var keys = new List<(byte[] Hash, Account Account)>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawId, account) in settings ?? new Dictionary<string, AccountSettings>())
        {
            var id = rawId.Trim().ToLowerInvariant();
            var path = $"{SettingsPrefix}:{rawId}";
            if (!IsValidId(id))
            {
                errors.Add(new(path, "An account id is 1-64 letters, digits or '-', starting with a letter or digit."));
                continue;
            }
            if (accounts.ContainsKey(id))
            {
                errors.Add(new(path, $"Account '{id}' is configured twice."));
                continue;
            }
            if (account.DisplayName is { Length: > 128 }) errors.Add(new($"{path}:DisplayName", "At most 128 characters."));
            if (!Enum.IsDefined(account.Role)) errors.Add(new($"{path}:Role", "Use Customer or Operator."));
            var entry = new Account(id, string.IsNullOrWhiteSpace(account.DisplayName) ? id : account.DisplayName.Trim(), account.Role);
            accounts[id] = entry;
            for (var i = 0; i < account.ApiKeys.Count; i++)
            {
                var key = account.ApiKeys[i];
                var keyPath = $"{path}:ApiKeys:{i}";
                if (string.IsNullOrWhiteSpace(key)) continue;
                if (key.StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
                    errors.Add(new(keyPath, "Is an unresolved Key Vault reference: grant the app's identity 'get' on the secret, or check the secret URI."));
                else if (key.Length < MinKeyLength)
                    errors.Add(new(keyPath, $"API keys must be at least {MinKeyLength} characters."));
                else if (owners.TryGetValue(key, out var owner))
                    errors.Add(new(keyPath, $"The same key is configured for account '{owner}'; each key belongs to one account."));
                else
                {
                    owners[key] = id;
                    keys.Add((SHA256.HashData(Encoding.UTF8.GetBytes(key)), entry));
                }
            }
        }
        return errors.Count > 0 ? (null, errors) : (new ApiKeyDirectory(keys.ToArray(), accounts), []);
    }

    /// <summary>
    /// Today's flat <c>SslFlow:ApiKeys</c> (key → caller name, as the local host binds it) as customer accounts, so the
    /// orders they already placed (their Customer is the caller name) stay theirs.
    /// </summary>
    public static Dictionary<string, AccountSettings> FromCallerKeys(IReadOnlyDictionary<string, string> callersByKey)
    {
        var settings = new Dictionary<string, AccountSettings>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, caller) in callersByKey)
        {
            if (!settings.TryGetValue(caller, out var account)) settings[caller] = account = new AccountSettings { DisplayName = caller };
            account.ApiKeys.Add(key);
        }
        return settings;
    }

    private static bool IsValidId(string id) =>
        id.Length is >= 1 and <= 64 && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
