using System.Net.Http.Json;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Challenges;
using SslFlow.Domain.Rules;

namespace SslFlow.Adapters.Challenges;

/// <summary>
/// dns-01 answers in pebble-challtestsrv (its management API), which is Pebble's DNS locally: it answers every name, so
/// it covers every name. Real zones go through <see cref="Dns.DnsChallengeResponder"/> and the configured providers,
/// which are asked first.
/// </summary>
public sealed class ChallTestSrvDnsResponder(HttpClient http, Uri managementUri) : IChallengeResponder
{
    public bool CanAnswer(DcvMethod method) => method == DcvMethod.Dns01;

    public async Task PublishAsync(DcvChallenge challenge, CancellationToken cancellationToken) =>
        (await http.PostAsJsonAsync(new Uri(managementUri, "set-txt"), new { host = RecordName(challenge), value = challenge.Value }, cancellationToken)).EnsureSuccessStatusCode();

    public async Task RemoveAsync(DcvChallenge challenge, CancellationToken cancellationToken) =>
        (await http.PostAsJsonAsync(new Uri(managementUri, "clear-txt"), new { host = RecordName(challenge) }, cancellationToken)).EnsureSuccessStatusCode();

    /// <summary>The record the CA named (<see cref="Dns.Dns01Records.RecordName"/>).</summary>
    public static string RecordName(DcvChallenge challenge) => Dns.Dns01Records.RecordName(challenge);
}
