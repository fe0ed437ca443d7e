using Durable = Microsoft.DurableTask;

namespace SslFlow.Functions.Tests;

/// <summary>Durable's AsyncPageable is abstract; this one serves fixed pages and records how it was asked.</summary>
internal sealed class FakeAsyncPageable<T>(params Durable.Page<T>[] pages) : Durable.AsyncPageable<T>
    where T : notnull
{
    public string? RequestedContinuationToken { get; private set; }

    public int? RequestedPageSizeHint { get; private set; }

    public override async IAsyncEnumerable<Durable.Page<T>> AsPages(string? continuationToken = default, int? pageSizeHint = default)
    {
        this.RequestedContinuationToken = continuationToken;
        this.RequestedPageSizeHint = pageSizeHint;
        foreach (var page in pages)
        {
            await Task.Yield();
            yield return page;
        }
    }
}
