using Azure;
using Azure.Data.Tables;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Domain.Rules;

namespace SslFlow.Adapters.Acme;

/// <summary>
/// Order key → ACME order URL, so a re-run of the submit activity finds the order it placed instead of placing
/// another (table <c>AcmeOrders</c>).
/// </summary>
public sealed class AcmeOrderIndex(TableServiceClient service)
{
    private readonly TableClient _table = service.GetTableClient("AcmeOrders");

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<(Uri OrderUrl, DcvMethod Method)?> FindAsync(string orderKey, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(orderKey, "order", cancellationToken: cancellationToken);
        return row.HasValue ? (new Uri(row.Value!.GetString("Url")!), Enum.Parse<DcvMethod>(row.Value.GetString("Method")!)) : null;
    }

    public async Task<DcvMethod?> FindMethodByUrlAsync(Uri orderUrl, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(UrlKey(orderUrl), "url", cancellationToken: cancellationToken);
        return row.HasValue ? Enum.Parse<DcvMethod>(row.Value!.GetString("Method")!) : null;
    }

    public async Task SaveAsync(string orderKey, Uri orderUrl, DcvMethod method, CancellationToken cancellationToken)
    {
        await _table.UpsertEntityAsync(new TableEntity(UrlKey(orderUrl), "url") { ["Method"] = method.ToString(), ["OrderKey"] = orderKey }, TableUpdateMode.Replace, cancellationToken);
        await _table.UpsertEntityAsync(new TableEntity(orderKey, "order") { ["Url"] = orderUrl.ToString(), ["Method"] = method.ToString() }, TableUpdateMode.Replace, cancellationToken);
    }

    private static string UrlKey(Uri url) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url.ToString())));
}
