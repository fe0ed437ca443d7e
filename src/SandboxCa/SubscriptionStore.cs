using System.Text.Json;
using System.Text.Json.Serialization;

namespace SslFlow.SandboxCa;

/// <summary>All subscriptions in one JSON file, rewritten atomically after each change (no secrets in it: key ids only).</summary>
public sealed class SubscriptionStore(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private string FilePath => Path.Combine(directory, "subscriptions.json");

    public List<SandboxSubscription> Load()
    {
        if (!File.Exists(FilePath)) return [];
        return JsonSerializer.Deserialize<List<SandboxSubscription>>(File.ReadAllText(FilePath), Json) ?? [];
    }

    public void Save(IEnumerable<SandboxSubscription> subscriptions)
    {
        Directory.CreateDirectory(directory);
        CaHierarchy.WriteAtomically(FilePath, JsonSerializer.Serialize(subscriptions.ToList(), Json));
    }
}
