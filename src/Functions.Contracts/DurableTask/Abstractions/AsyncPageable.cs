// Mirrors microsoft/durabletask-dotnet src/Abstractions/AsyncPageable.cs: AsPages is abstract upstream; the enumerator
// keeps upstream's body (it only walks AsPages).
namespace Microsoft.DurableTask;

public abstract class AsyncPageable<T> : IAsyncEnumerable<T>
    where T : notnull
{
    public abstract IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = default, int? pageSizeHint = default);

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (Page<T> page in this.AsPages().WithCancellation(cancellationToken))
        {
            foreach (T value in page.Values)
            {
                yield return value;
            }
        }
    }
}
