// Mirrors microsoft/durabletask-dotnet src/Client/Core/PurgeResult.cs.
namespace Microsoft.DurableTask.Client;

public class PurgeResult
{
    public PurgeResult(int count, bool? isComplete)
    {
        this.PurgedInstanceCount = count;
        this.IsComplete = isComplete;
    }

    public int PurgedInstanceCount { get; }

    public bool? IsComplete { get; }
}
