using System.Text.Json;
using System.Text.Json.Nodes;
using SslFlow.Cli.Models;

namespace SslFlow.Cli;

/// <summary>
/// <c>sslflow profiles list|show|create|delete</c>: the organization profiles of the caller's account (an operator key:
/// every account's, or <c>--account</c>'s), reused by <c>activate --profile</c>.
/// </summary>
public static partial class CliApp
{
    private static async Task<int> ProfilesAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Length == 0) throw new UsageException("'profiles' needs list, show, create or delete.");
        var rest = args[1..];
        return args[0] switch
        {
            "list" => await ListProfilesAsync(Parse(rest, ["account"], ["json"]), context, cancellationToken),
            "show" => await ShowProfileAsync(Parse(rest, [], ["json"]), context, cancellationToken),
            "create" => await CreateProfileAsync(Parse(rest, ["name", "details", "account"], ["json"]), context, cancellationToken),
            "delete" => await DeleteProfileAsync(Parse(rest, [], []), context, cancellationToken),
            _ => throw new UsageException($"Unknown 'profiles' command '{args[0]}': use list, show, create or delete."),
        };
    }

    private static string ProfileId(ParsedArguments a, string command) => a.Positionals switch
    {
        [var id] when !string.IsNullOrWhiteSpace(id) => id,
        [] => throw new UsageException($"'profiles {command}' needs a profile id."),
        _ => throw new UsageException($"'profiles {command}' takes one profile id."),
    };

    private static async Task<int> ListProfilesAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        NoPositionals(a, "profiles list");
        using var client = Client(a, context);
        var profiles = new List<ProfileDto>();
        await foreach (var profile in client.ListAllProfilesAsync(a.Value("account"), cancellationToken)) profiles.Add(profile);
        if (a.Has("json"))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(profiles, SslFlowClient.Json));
            return ExitCodes.Ok;
        }
        if (profiles.Count == 0)
        {
            context.Out.WriteLine("No organization profiles.");
            return ExitCodes.Ok;
        }
        context.Out.WriteLine($"{"ID",-26} {"ACCOUNT",-16} {"NAME",-24} {"ORGANIZATION",-32} {"C",-2} VETTING");
        foreach (var p in profiles)
        {
            context.Out.WriteLine($"{p.Id,-26} {Cut(p.AccountId, 16),-16} {Cut(p.Name, 24),-24} {Cut(Text(p.Organization, "legalName"), 32),-32} {Text(p.Organization, "country"),-2} {Vetting(p.Vetting)}");
        }
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowProfileAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = ProfileId(a, "show");
        using var client = Client(a, context);
        var p = await client.GetProfileAsync(id, cancellationToken);
        if (a.Has("json")) context.Out.WriteLine(JsonSerializer.Serialize(p, SslFlowClient.Json));
        else WriteProfile(context.Out, p);
        return ExitCodes.Ok;
    }

    /// <summary><c>--details</c>: a JSON file with <c>organization</c> (and optionally <c>contacts</c>), the shape <c>activate --details</c> takes.</summary>
    private static async Task<int> CreateProfileAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        NoPositionals(a, "profiles create");
        var name = a.Value("name") ?? throw new UsageException("'profiles create' needs --name.");
        var file = a.Value("details") ?? throw new UsageException("'profiles create' needs --details <file.json> with the organization (and contacts).");
        var details = await ReadDetailsAsync(file, cancellationToken);
        var body = new JsonObject { ["name"] = name, ["organization"] = details["organization"]?.DeepClone(), ["contacts"] = details["contacts"]?.DeepClone() };
        if (a.Value("account") is { } account) body["accountId"] = account;
        using var client = Client(a, context);
        // A second profile for the same organization is refused (409) with a detail naming the existing one.
        var created = await client.CreateProfileAsync(body, cancellationToken);
        if (a.Has("json")) context.Out.WriteLine(JsonSerializer.Serialize(created, SslFlowClient.Json));
        else context.Out.WriteLine($"Profile {created.Id} created for {Text(created.Organization, "legalName")}. Use it with: sslflow activate <orderId> --profile {created.Id} …");
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteProfileAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = ProfileId(a, "delete");
        using var client = Client(a, context);
        await client.DeleteProfileAsync(id, cancellationToken);
        context.Out.WriteLine($"Profile {id} deleted (orders that used it keep their own copy of the details).");
        return ExitCodes.Ok;
    }

    private static async Task<JsonObject> ReadDetailsAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken))?.AsObject() ?? throw new UsageException($"--details '{file}' is empty.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            throw new UsageException($"--details '{file}': {ex.Message}");
        }
    }

    private static void WriteProfile(TextWriter output, ProfileDto p)
    {
        output.WriteLine($"Profile:       {p.Id}");
        output.WriteLine($"Name:          {p.Name}");
        output.WriteLine($"Account:       {p.AccountId}");
        output.WriteLine($"Organization:  {Text(p.Organization, "legalName")}");
        var address = new[] { Text(p.Organization, "streetAddress"), Text(p.Organization, "postalCode"), Text(p.Organization, "locality"), Text(p.Organization, "stateOrProvince"), Text(p.Organization, "country") };
        output.WriteLine($"Address:       {string.Join(", ", address.Where(s => s.Length > 0))}");
        output.WriteLine($"Phone:         {Text(p.Organization, "phone")}");
        if (Text(p.Organization, "registrationNumber") is { Length: > 0 } registration) output.WriteLine($"Registration:  {registration}");
        if (p.Contacts is { ValueKind: JsonValueKind.Object } contacts)
        {
            foreach (var role in new[] { "admin", "technical" })
            {
                if (contacts.TryGetProperty(role, out var c) && c.ValueKind == JsonValueKind.Object)
                    output.WriteLine($"{char.ToUpperInvariant(role[0]) + role[1..] + " contact:",-15}{Text(c, "name")} <{Text(c, "email")}> {Text(c, "phone")}");
            }
        }
        output.WriteLine($"Vetting:       {Vetting(p.Vetting)}");
        output.WriteLine($"Orders:        {(p.OrderIds is { Count: > 0 } ids ? string.Join(", ", ids) : "none yet")}");
    }

    private static string Vetting(ProfileVettingDto? v) =>
        v is null ? "not vetted yet" : $"{v.Level} on {v.VettedOn:yyyy-MM-dd} by {v.CaName} ({v.CaReference}), reusable until {v.ReusableUntil:yyyy-MM-dd}";

    private static string Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
