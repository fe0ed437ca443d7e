using Azure;
using Azure.Data.Tables;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Challenges;
using SslFlow.Domain.Rules;

namespace SslFlow.Adapters.Challenges;

/// <summary>
/// http-01 answers in a table, so whichever host instance the CA reaches can serve
/// <c>/.well-known/acme-challenge/{token}</c>. The key authorization is public by design (RFC 8555 §8.3).
/// </summary>
public sealed class Http01ChallengeStore(TableServiceClient service) : IChallengeResponder
{
    private readonly TableClient _table = service.GetTableClient("Http01Challenges");

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    public bool CanAnswer(DcvMethod method) => method == DcvMethod.Http01;

    public Task PublishAsync(DcvChallenge challenge, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(challenge.Token, "token") { ["Value"] = challenge.Value, ["DnsName"] = challenge.DnsName }, TableUpdateMode.Replace, cancellationToken);

    public async Task RemoveAsync(DcvChallenge challenge, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(challenge.Token, "token", ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    /// <summary>The key authorization for a token, or null. Tokens are base64url (RFC 8555 §8.1); anything else is not looked up.</summary>
    public async Task<string?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length is 0 or > 128 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(token, "token", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("Value") : null;
    }
}
