using System.Text.Json;

namespace SslFlow.Cli;

/// <summary>An RFC 9457 problem details answer from the API (or what stood in for one), with the field errors.</summary>
public sealed class ApiProblem(int status, string? type, string? title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>> errors) : Exception(title ?? $"HTTP {status}")
{
    public int Status { get; } = status;
    public string? Type { get; } = type;
    public string? Title { get; } = title;
    public string? Detail { get; } = detail;
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; } = errors;

    public static ApiProblem From(int status, string? reasonPhrase, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in e.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? field.Value.EnumerateArray().Select(v => v.ToString()).ToList()
                            : [field.Value.ToString()];
                    }
                }
                return new ApiProblem(status, Text(root, "type"), Text(root, "title"), Text(root, "detail"), errors);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, an empty 404): fall through to the status line.
        }
        var snippet = body.Length > 300 ? body[..300] + "…" : body;
        return new ApiProblem(status, null, reasonPhrase ?? $"HTTP {status}", string.IsNullOrWhiteSpace(snippet) ? null : snippet.Trim(), new Dictionary<string, IReadOnlyList<string>>());
    }

    /// <summary>Readable lines: the title and status, the detail, then one line per offending field.</summary>
    public void WriteTo(TextWriter writer)
    {
        var kind = Type is { } t && t.LastIndexOf('/') is var slash and >= 0 ? t[(slash + 1)..] : null;
        writer.WriteLine($"error: {Title ?? "Request failed."} (HTTP {Status}{(kind is null ? "" : ", " + kind)})");
        if (!string.IsNullOrWhiteSpace(Detail)) writer.WriteLine($"  {Detail}");
        foreach (var (field, reasons) in Errors)
        {
            foreach (var reason in reasons) writer.WriteLine($"  {field}: {reason}");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
