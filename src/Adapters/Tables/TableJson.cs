using System.Text.Json;
using System.Text.Json.Serialization;

namespace SslFlow.Adapters.Tables;

/// <summary>
/// The JSON of the <c>Data</c> column of the table rows (orders, transitions, inventory, installations, organization
/// profiles). The rows' own options, so a change to the workflow's payload shape cannot silently change stored rows; the
/// settings are those the rows have always been written with (camel case, enums by name, nulls left out), and a test
/// reads rows in that format.
/// </summary>
public static class TableJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
