using Microsoft.DurableTask;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>The innermost failure message is the one a customer can act on.</summary>
public static class Reasons
{
    public static string From(TaskFailureDetails details)
    {
        var d = details;
        while (d.InnerFailure is not null) d = d.InnerFailure;
        var message = d.ErrorMessage;
        const string prefix = "Task '";
        // Durable wraps activity failures as "Task 'X' (#n) failed with an unhandled exception: reason".
        var marker = message.IndexOf("exception: ", StringComparison.Ordinal);
        return message.StartsWith(prefix, StringComparison.Ordinal) && marker > 0 ? message[(marker + 11)..] : message;
    }
}
