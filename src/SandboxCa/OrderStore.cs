using System.Text.Json;
using System.Text.Json.Serialization;

namespace SslFlow.SandboxCa;

/// <summary>All orders in one JSON file, rewritten atomically after each change (a sandbox holds few orders).</summary>
public sealed class OrderStore(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private string FilePath => Path.Combine(directory, "orders.json");

    public List<SandboxOrder> Load()
    {
        if (!File.Exists(FilePath)) return [];
        return JsonSerializer.Deserialize<List<SandboxOrder>>(File.ReadAllText(FilePath), Json) ?? [];
    }

    public void Save(IEnumerable<SandboxOrder> orders)
    {
        Directory.CreateDirectory(directory);
        CaHierarchy.WriteAtomically(FilePath, JsonSerializer.Serialize(orders.ToList(), Json));
    }
}
