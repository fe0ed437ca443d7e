using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Core = DurableTask.Core;

namespace SslFlow.DurableBridge.Client;

/// <summary>Between the framework's types and the SDK's: both enums use the same member names.</summary>
internal static class CoreConversions
{
    public static OrchestrationRuntimeStatus ToSdk(this Core.OrchestrationStatus status) =>
        Enum.Parse<OrchestrationRuntimeStatus>(status.ToString());

    public static Core.OrchestrationStatus ToCore(this OrchestrationRuntimeStatus status) =>
        Enum.Parse<Core.OrchestrationStatus>(status.ToString());

    public static TaskFailureDetails? ToSdk(this Core.FailureDetails? details) =>
        details is null
            ? null
            : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure.ToSdk(), details.Properties);
}
