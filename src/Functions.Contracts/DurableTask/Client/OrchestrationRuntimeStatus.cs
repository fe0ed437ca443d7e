// Mirrors microsoft/durabletask-dotnet src/Client/Core/OrchestrationRuntimeStatus.cs (same members, same order/values).
namespace Microsoft.DurableTask.Client;

public enum OrchestrationRuntimeStatus
{
    Running,
    Completed,
    [Obsolete("The ContinuedAsNew status is obsolete and exists only for compatibility reasons.")]
    ContinuedAsNew,
    Failed,
    [Obsolete("The Canceled status is not currently used and exists only for compatibility reasons.")]
    Canceled,
    Terminated,
    Pending,
    Suspended,
}
