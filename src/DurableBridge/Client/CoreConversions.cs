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

    /// <summary>
    /// Azure Storage does not keep a failed instance's FailureDetails in its instances table, only their text
    /// ("ErrorType: ErrorMessage") as the output; this reads the type and message back (no stack trace, no inner failure).
    /// </summary>
    public static TaskFailureDetails? FailureFromOutput(string? output)
    {
        if (string.IsNullOrEmpty(output)) return null;
        var colon = output.IndexOf(": ", StringComparison.Ordinal);
        var type = colon > 0 ? output[..colon] : "";
        return type.Length > 0 && !type.Contains(' ')
            ? new TaskFailureDetails(type, output[(colon + 2)..], null, null, null)
            : new TaskFailureDetails("(unknown)", output, null, null, null);
    }
}
