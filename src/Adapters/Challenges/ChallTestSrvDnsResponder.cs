using System.Net.Http.Json;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Challenges;

namespace SslFlow.Adapters.Challenges;

/// <summary>
/// dns-01 answers at a DNS provider; locally pebble-challtestsrv's management API, which is Pebble's DNS. A real
/// deployment puts an Azure DNS (or registrar API) adapter behind the same port.
/// </summary>
public sealed class ChallTestSrvDnsResponder(HttpClient http, Uri managementUri) : IChallengeResponder
{
    public bool CanAnswer(DcvMethod method) => method == DcvMethod.Dns01;

    public async Task PublishAsync(DcvChallenge challenge, CancellationToken cancellationToken) =>
        (await http.PostAsJsonAsync(new Uri(managementUri, "set-txt"), new { host = RecordName(challenge), value = challenge.Value }, cancellationToken)).EnsureSuccessStatusCode();

    public async Task RemoveAsync(DcvChallenge challenge, CancellationToken cancellationToken) =>
        (await http.PostAsJsonAsync(new Uri(managementUri, "clear-txt"), new { host = RecordName(challenge) }, cancellationToken)).EnsureSuccessStatusCode();

    /// <summary>
    /// The record the CA named (ACME: <c>_acme-challenge.{base}</c>, shared by a wildcard and its base name, RFC 8555 §8.4;
    /// reseller APIs: their own label, e.g. <c>_dnsauth.{base}</c>), else the ACME name.
    /// </summary>
    public static string RecordName(DcvChallenge challenge) =>
        challenge.Location is { Length: > 0 } location && !location.Contains("://", StringComparison.Ordinal)
            ? location.TrimEnd('.') + "."
            : $"_acme-challenge.{challenge.DnsName.TrimStart('*', '.')}.";
}
