using System.Text.Json;
using System.Text.Json.Nodes;

namespace SslFlow.Cli;

/// <summary><c>sslflow activate</c>: a purchased order gets its names (or, for S/MIME, its mailbox), DCV method and organization details.</summary>
public static partial class CliApp
{
    private static async Task<int> ActivateAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = OrderId(a, "activate");
        var body = new JsonObject
        {
            ["domains"] = new JsonArray(a.All("domain").Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            ["mailbox"] = a.Value("mailbox"),
            ["dcvMethod"] = a.Value("dcv"),
            ["contactEmail"] = a.Value("email"),
            ["approverEmail"] = a.Value("approver-email"),
            ["keyAlgorithm"] = a.Value("key-algorithm"),
            ["organizationProfileId"] = a.Value("profile"),
        };
        if (a.Value("details") is { } file)
        {
            // The organization, contacts and person as the API takes them, from a JSON file (they are too many for flags).
            JsonObject details;
            try
            {
                details = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken))?.AsObject() ?? throw new UsageException($"--details '{file}' is empty.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
            {
                throw new UsageException($"--details '{file}': {ex.Message}");
            }
            foreach (var name in new[] { "organization", "contacts", "person" })
            {
                if (details[name] is { } value) body[name] = value.DeepClone();
            }
        }
        using var client = Client(a, context);
        return Accepted(context, "Activation", await client.LifecycleAsync(id, "activate", body, cancellationToken));
    }
}
