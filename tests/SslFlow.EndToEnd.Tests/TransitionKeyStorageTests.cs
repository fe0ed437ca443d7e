using SslFlow.Activities.Orders;
using SslFlow.Adapters.Orders;
using SslFlow.Domain.Orders;
using Azure.Data.Tables;
using SslFlow.Contracts.Orders;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// Audit entries in the Tables order store on Azurite (issue 26 item 2): entries are written once per step key, entries of
/// different instances that bring the same number are all kept under numbers the store allocates, and an entry written
/// before keys existed is not written again when its activity is re-delivered with a key.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class TransitionKeyStorageTests(LocalPartsFixture parts)
{
    private static readonly DateTimeOffset At = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<(TableOrderStore Store, string OrderId)> ActiveOrderAsync()
    {
        var store = new TableOrderStore(new TableServiceClient(parts.Azurite.ConnectionString));
        await store.EnsureCreatedAsync();
        var orderId = "seq-" + Guid.NewGuid().ToString("N")[..12];
        await store.CreateAsync(new OrderRecord(orderId, "dv-multi", ["a.sslflow.test"], "Http01", null, OrderStatus.Active, OrderSubStatus.None, At, At, "acme"), default);
        return (store, orderId);
    }

    private static OrderTransition Reissued(int sequence, string detail, string? key) =>
        new(sequence, At, OrderStatus.Active, OrderStatus.Active, OrderSubStatus.None, TransitionCauseKind.Reissued, OrderActor.Customer, detail, key);

    [Fact]
    public async Task Entries_of_two_instances_with_the_same_number_are_both_kept_and_each_once()
    {
        var (store, orderId) = await ActiveOrderAsync();
        // Two reissues whose made-up numbers collide (the old scheme hashed the instance id into 100,000 slots).
        await store.ApplyAsync(orderId, Reissued(10_004_290, "first", $"reissue-{orderId}-0A#10004200"), new OrderUpdate(), default);
        await store.ApplyAsync(orderId, Reissued(10_004_290, "second", $"reissue-{orderId}-0B#10004200"), new OrderUpdate(), default);
        await store.ApplyAsync(orderId, Reissued(10_004_290, "second", $"reissue-{orderId}-0B#10004200"), new OrderUpdate(), default); // a re-run

        var entries = await store.GetTransitionsAsync(orderId, default);
        Assert.Equal(["first", "second"], entries.Select(e => e.Detail));
        Assert.Equal(2, entries.Select(e => e.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task An_entry_written_before_keys_existed_is_not_written_again_by_a_keyed_re_delivery()
    {
        var (store, orderId) = await ActiveOrderAsync();
        await store.ApplyAsync(orderId, Reissued(1090, "renewed once", null), new OrderUpdate(), default);
        await store.ApplyAsync(orderId, Reissued(1090, "renewed once", $"renew-{orderId}-0A-1#1090"), new OrderUpdate(), default);
        // Another instance's entry of that number and other content is kept.
        await store.ApplyAsync(orderId, Reissued(1090, "renewed after a reissue", $"renew-{orderId}-0C-2#1090"), new OrderUpdate(), default);

        Assert.Equal(["renewed once", "renewed after a reissue"], (await store.GetTransitionsAsync(orderId, default)).Select(e => e.Detail));
    }
}
