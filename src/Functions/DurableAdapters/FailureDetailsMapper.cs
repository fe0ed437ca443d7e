using Durable = Microsoft.DurableTask;
using Port = SslFlow.Workflow.Abstractions;

namespace SslFlow.Functions.DurableAdapters;

/// <summary>Converts failure details between Durable and the workflow port, keeping the inner-failure chain.</summary>
internal static class FailureDetailsMapper
{
    public static Port.TaskFailureDetails ToPort(Durable.TaskFailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace,
            details.InnerFailure is null ? null : ToPort(details.InnerFailure));

    public static Durable.TaskFailureDetails ToDurable(Port.TaskFailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace,
            details.InnerFailure is null ? null : ToDurable(details.InnerFailure), Properties: null);
}
