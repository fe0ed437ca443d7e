using System.Text.Json;
using System.Text.Json.Serialization;

namespace SslFlow.Workflow;

/// <summary>
/// The one JSON shape for inputs, outputs, events and custom status (camel case, enums by name, nulls left out): the hosts
/// give it to the Durable Task SDK's JsonDataConverter, and the HTTP layer and adapters read and write the same shape.
/// </summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
