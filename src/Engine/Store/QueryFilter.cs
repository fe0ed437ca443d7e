using SslFlow.Engine.History;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Store;

internal static class QueryFilter
{
    public static bool Matches(OrchestrationQuery query, InstanceRecord i) =>
        (query.Statuses is null || query.Statuses.Count == 0 || query.Statuses.Contains(i.Status))
        && (query.CreatedFrom is null || i.CreatedAt >= query.CreatedFrom.Value.UtcDateTime)
        && (query.CreatedTo is null || i.CreatedAt <= query.CreatedTo.Value.UtcDateTime);
}
