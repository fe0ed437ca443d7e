using System.Net.Http.Json;
using SslFlow.Activities.Ports;

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

    /// <summary>A wildcard and its base name share <c>_acme-challenge.{base}</c> (RFC 8555 §8.4).</summary>
    public static string RecordName(DcvChallenge challenge) => $"_acme-challenge.{challenge.DnsName.TrimStart('*', '.')}.";
}
