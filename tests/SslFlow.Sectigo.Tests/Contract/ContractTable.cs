using System.Text.Json;
using System.Text.Json.Serialization;

namespace SslFlow.Sectigo.Tests.Contract;

// The documented contract of Sectigo's reseller API, read from sectigo-contract.json (one row per documented
// parameter, each call naming the docs.sectigo.com page it comes from). The in-test listener holds every request the
// adapter sends to it, so a parameter the docs do not list, a missing required one, an over-long or mistyped value
// fails the test instead of reaching Sectigo as errorCode -2/-3/-4.
public sealed record ContractTable(
    [property: JsonPropertyName("commonResponseCodes")] ResponseCodes CommonResponseCodes,
    [property: JsonPropertyName("calls")] IReadOnlyList<CallContract> Calls)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static ContractTable Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Contract", "sectigo-contract.json");
        return JsonSerializer.Deserialize<ContractTable>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty");
    }

    public CallContract Call(string name) =>
        Calls.SingleOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"no contract row for {name}");
}

public sealed record ResponseCodes(string Source, IReadOnlyDictionary<string, string> Codes);

public sealed record CallContract(
    string Name,
    string Url,
    string Source,
    bool Complete,
    IReadOnlyList<ParameterContract> Parameters,
    IReadOnlyList<IReadOnlyList<string>>? OneOf = null,
    IReadOnlyList<string>? ResponseFields = null,
    string? Note = null)
{
    // Returns every way the form breaks the documented contract; empty when it keeps it.
    public IReadOnlyList<string> Violations(IEnumerable<KeyValuePair<string, string>> form)
    {
        var problems = new List<string>();
        var sent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (!sent.TryAdd(key, value))
            {
                problems.Add($"{Name}: '{key}' sent twice");
            }
        }

        foreach (var key in sent.Keys.Where(k => Parameters.All(p => p.Name != k)))
        {
            problems.Add($"{Name}: '{key}' is not a documented parameter ({Source})");
        }

        foreach (var parameter in Parameters)
        {
            if (!sent.TryGetValue(parameter.Name, out var value))
            {
                if (parameter.Requirement == "required")
                {
                    problems.Add($"{Name}: required '{parameter.Name}' is missing ({Source})");
                }

                continue;
            }

            problems.AddRange(parameter.Violations(value).Select(p => $"{Name}: {p} ({Source})"));
        }

        foreach (var group in OneOf ?? [])
        {
            if (!group.Any(sent.ContainsKey))
            {
                problems.Add($"{Name}: one of {string.Join(", ", group)} is required ({Source})");
            }
        }

        return problems;
    }
}

public sealed record ParameterContract(
    string Name,
    string Requirement,
    string Type,
    int? MaxLength = null,
    IReadOnlyList<string>? Allowed = null)
{
    public IEnumerable<string> Violations(string value)
    {
        if (MaxLength is { } max && value.Length > max)
        {
            yield return $"'{Name}' is {value.Length} characters, the maximum is {max}";
        }

        var typed = Type switch
        {
            "integer" => value.Length > 0 && value.All(char.IsAsciiDigit),
            "char" => value.Length == 1,
            "string" => true,
            _ => false,
        };
        if (!typed)
        {
            yield return $"'{Name}' = '{Shown(value)}' is not of type {Type}";
        }

        if (Allowed is { Count: > 0 } allowed && !allowed.Contains(value, StringComparer.Ordinal))
        {
            yield return $"'{Name}' = '{Shown(value)}' is not one of the documented values";
        }
    }

    // Passwords must not reach a test log either.
    private string Shown(string value) => Name == "loginPassword" ? "***" : value;
}
