// Mirrors microsoft/durabletask-dotnet src/Abstractions/TaskFailureDetails.cs: the positional record; IsCausedBy is not used.
namespace Microsoft.DurableTask;

public record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure)
{
    public override string ToString() => $"{this.ErrorType}: {this.ErrorMessage}";
}
