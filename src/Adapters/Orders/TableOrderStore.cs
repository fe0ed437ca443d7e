using SslFlow.Adapters.Tables;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Domain.Rules;

namespace SslFlow.Adapters.Orders;

/// <summary>
/// Orders in Azure Tables. Table <c>Orders</c>: PartitionKey = order id; RowKey <c>order</c> is the record,
/// <c>t{sequence}</c> the audit entries, so a transition and its record change are one transaction.
/// Table <c>OrderRefs</c>: PartitionKey = CA reference (escaped) → order id, for webhooks and tracking.
/// </summary>
public sealed class TableOrderStore(TableServiceClient service) : IOrderStore
{
    private const string RecordKey = "order";
    private readonly TableClient _orders = service.GetTableClient("Orders");
    private readonly TableClient _refs = service.GetTableClient("OrderRefs");

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _orders.CreateIfNotExistsAsync(cancellationToken);
        await _refs.CreateIfNotExistsAsync(cancellationToken);
    }

    public async Task<bool> CreateAsync(OrderRecord order, CancellationToken cancellationToken)
    {
        try
        {
            await _orders.AddEntityAsync(ToEntity(order), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<OrderRecord?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(orderId, cancellationToken);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task<string?> FindOrderIdByCaReferenceAsync(string caReference, CancellationToken cancellationToken)
    {
        var row = await _refs.GetEntityIfExistsAsync<TableEntity>(KeyOf(caReference), "ref", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("OrderId") : null;
    }

    public async Task ApplyAsync(string orderId, OrderTransition transition, OrderUpdate update, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entity = await GetEntityAsync(orderId, cancellationToken) ?? throw new InvalidOperationException($"Order '{orderId}' has no record.");
            var legacyKey = $"t{transition.Sequence:D6}";
            var transitionKey = transition.Key is { } stepKey ? KeyedRowKey + KeyOf(stepKey) : legacyKey;
            if ((await _orders.GetEntityIfExistsAsync<TableEntity>(orderId, transitionKey, cancellationToken: cancellationToken)).HasValue)
            {
                return; // applied already: this is a re-run of the same step
            }
            if (transition.Key is not null && await IsLegacyCopyAsync(orderId, legacyKey, transition, cancellationToken))
            {
                return; // the same step, written by this instance before it had keys (a re-delivered activity across an upgrade)
            }
            var current = FromEntity(entity);
            // The one transition table decides; an illegal move throws and nothing is written.
            OrderStateMachine.Transition(new OrderState(current.Status, current.SubStatus), new OrderState(transition.To, transition.SubStatus),
                new TransitionCause(transition.Cause, transition.Detail ?? ""), transition.Actor, transition.At);
            // A keyed entry takes the next number of the order's own counter (kept on the record, changed in the same
            // transaction under its ETag), so two entries never share one; unkeyed entries keep the number they bring.
            var allocated = Math.Max(entity.GetInt64(LastSequence) ?? 0, transition.Key is null ? transition.Sequence : 0) + (transition.Key is null ? 0 : 1);
            var entry = transition with { From = current.Status, Sequence = transition.Key is null ? transition.Sequence : checked((int)allocated) };
            var next = current with
            {
                Status = entry.To,
                SubStatus = entry.SubStatus,
                UpdatedAt = entry.At,
                CaReference = update.CaReference ?? current.CaReference,
                CertificateName = update.CertificateName ?? current.CertificateName,
                SerialNumber = update.SerialNumber ?? current.SerialNumber,
                Thumbprint = update.Thumbprint ?? current.Thumbprint,
                NotBefore = update.NotBefore ?? current.NotBefore,
                NotAfter = update.NotAfter ?? current.NotAfter,
                LastError = update.LastError ?? current.LastError,
                WorkflowInstanceId = update.WorkflowInstanceId ?? current.WorkflowInstanceId,
                DnsNames = update.DnsNames ?? current.DnsNames,
                DcvMethod = update.DcvMethod ?? current.DcvMethod,
                OrganizationProfileId = update.OrganizationProfileId ?? current.OrganizationProfileId,
                Subject = update.Subject ?? current.Subject,
            };
            var batch = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, new TableEntity(orderId, transitionKey) { ["Data"] = JsonSerializer.Serialize(entry, TableJson.Options) }),
                new(TableTransactionActionType.UpdateReplace, WithCounter(ToEntity(next), Math.Max(allocated, entity.GetInt64(LastSequence) ?? 0)), entity.ETag),
            };
            try
            {
                await _orders.SubmitTransactionAsync(batch, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                continue; // raced with another writer: read again (409 = the same step won already)
            }
            if (update.CaReference is { } caRef)
            {
                await _refs.UpsertEntityAsync(new TableEntity(KeyOf(caRef), "ref") { ["OrderId"] = orderId, ["CaReference"] = caRef }, TableUpdateMode.Replace, cancellationToken);
            }
            return;
        }
    }

    /// <summary>Keyed entries are rows "tk{key}" (inside the "t…" range the transitions query reads).</summary>
    private const string KeyedRowKey = "tk";

    /// <summary>The record's column holding the highest sequence number written (keyed entries count from it).</summary>
    private const string LastSequence = "LastSequence";

    private static TableEntity WithCounter(TableEntity entity, long last)
    {
        entity[LastSequence] = last;
        return entity;
    }

    /// <summary>An unkeyed row of the same number and the same content: the step was written before keys existed.</summary>
    private async Task<bool> IsLegacyCopyAsync(string orderId, string legacyKey, OrderTransition transition, CancellationToken cancellationToken)
    {
        var row = await _orders.GetEntityIfExistsAsync<TableEntity>(orderId, legacyKey, cancellationToken: cancellationToken);
        if (!row.HasValue) return false;
        var old = JsonSerializer.Deserialize<OrderTransition>(row.Value!.GetString("Data")!, TableJson.Options)!;
        return old.Key is null && old.To == transition.To && old.Cause == transition.Cause && old.SubStatus == transition.SubStatus && old.Detail == transition.Detail;
    }

    public async Task<IReadOnlyList<OrderTransition>> GetTransitionsAsync(string orderId, CancellationToken cancellationToken)
    {
        var list = new List<OrderTransition>();
        await foreach (var row in _orders.QueryAsync<TableEntity>(e => e.PartitionKey == orderId && e.RowKey.CompareTo("t") >= 0 && e.RowKey.CompareTo("u") < 0, cancellationToken: cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize<OrderTransition>(row.GetString("Data")!, TableJson.Options)!);
        }
        return list.OrderBy(t => t.At).ThenBy(t => t.Sequence).ToList();
    }

    public async Task<OrderPage> ListAsync(string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RecordKey}");
        if (status is not null) filter += TableClient.CreateQueryFilter($" and Status eq {status}");
        await foreach (var page in _orders.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return new OrderPage(page.Values.Select(FromEntity).ToList(), page.ContinuationToken);
        }
        return new OrderPage([], null);
    }

    /// <summary>Filtered on the server by the Customer column (records written before it existed have none and are not listed).</summary>
    public async Task<OrderPage> ListForCustomerAsync(string customer, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RecordKey} and Customer eq {customer}");
        if (status is not null) filter += TableClient.CreateQueryFilter($" and Status eq {status}");
        await foreach (var page in _orders.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return new OrderPage(page.Values.Select(FromEntity).ToList(), page.ContinuationToken);
        }
        return new OrderPage([], null);
    }

    private async Task<TableEntity?> GetEntityAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await _orders.GetEntityIfExistsAsync<TableEntity>(orderId, RecordKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Table keys may not hold '/', '\\', '#', '?': CA references are often URLs.</summary>
    private static string KeyOf(string value) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)).Replace('/', '_').Replace('+', '-');

    private static TableEntity ToEntity(OrderRecord o) => new(o.OrderId, RecordKey)
    {
        ["Status"] = o.Status.ToString(),
        ["SubStatus"] = o.SubStatus.ToString(),
        ["NotAfter"] = o.NotAfter,
        ["Customer"] = o.Customer,
        ["Data"] = JsonSerializer.Serialize(o, TableJson.Options),
    };

    private static OrderRecord FromEntity(TableEntity e) => JsonSerializer.Deserialize<OrderRecord>(e.GetString("Data")!, TableJson.Options)!;
}
