using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.History;

namespace SslFlow.DurableBridge;

/// <summary>
/// An instance's history as the framework stores it (for tools, tests and demos that inspect what ran; the SDK's client
/// has no history API). Events are the framework's JSON: <c>EventType</c>, <c>EventId</c>, <c>Name</c>, <c>Input</c>,
/// <c>Result</c>, <c>TaskScheduledId</c>, …
/// </summary>
public static class OrchestrationHistory
{
    public static async Task<IReadOnlyList<JsonElement>> GetHistoryAsync(this IOrchestrationServiceClient client, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(client);
        var state = (await client.GetOrchestrationStateAsync(instanceId, allExecutions: false)).FirstOrDefault()
            ?? throw new InvalidOperationException($"No orchestration instance with id '{instanceId}'.");
        var json = await client.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance.ExecutionId);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The serialized result of the completed activity called <paramref name="activityName"/> (the first one).</summary>
    public static string? ActivityResult(IReadOnlyList<JsonElement> history, string activityName)
    {
        var scheduled = history.FirstOrDefault(e => Is(e, EventType.TaskScheduled) && e.TryGetProperty("Name", out var n) && n.GetString() == activityName);
        if (scheduled.ValueKind == JsonValueKind.Undefined) return null;
        var id = scheduled.GetProperty("EventId").GetInt32();
        var completed = history.FirstOrDefault(e => Is(e, EventType.TaskCompleted) && e.GetProperty("TaskScheduledId").GetInt32() == id);
        return completed.ValueKind == JsonValueKind.Undefined ? null : completed.GetProperty("Result").GetString();
    }

    /// <summary>How many events called <paramref name="eventName"/> were raised to the instance.</summary>
    public static int EventsRaised(IReadOnlyList<JsonElement> history, string eventName) =>
        history.Count(e => Is(e, EventType.EventRaised) && e.TryGetProperty("Name", out var n) && n.GetString() == eventName);

    private static bool Is(JsonElement e, EventType type) =>
        e.TryGetProperty("EventType", out var t) && (t.ValueKind == JsonValueKind.Number ? t.GetInt32() == (int)type : t.GetString() == type.ToString());
}
