// Mirrors microsoft/durabletask-dotnet src/Abstractions/Page.cs.
namespace Microsoft.DurableTask;

public sealed class Page<T>(IReadOnlyList<T> values, string? continuationToken = null)
    where T : notnull
{
    public IReadOnlyList<T> Values { get; } = values;

    public string? ContinuationToken { get; } = continuationToken;
}
