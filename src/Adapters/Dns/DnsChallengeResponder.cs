using Microsoft.Extensions.Logging;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Challenges;
using SslFlow.Domain.Rules;

namespace SslFlow.Adapters.Dns;

/// <summary>
/// dns-01 answers written through the provider of the record's zone (the longest configured zone that holds
/// <c>_acme-challenge.{name}</c>), so both hosts answer dns-01 from the same <c>SslFlow:Dns:Zones</c> settings.
/// </summary>
public sealed class DnsChallengeResponder(DnsZones zones, ILogger<DnsChallengeResponder> logger) : IChallengeResponder
{
    public bool CanAnswer(DcvMethod method) => method == DcvMethod.Dns01;

    public bool Covers(string dnsName, DcvMethod method) => method == DcvMethod.Dns01 && zones.Find(Dns01Records.AcmeRecordOf(dnsName)) is not null;

    public bool Covers(DcvChallenge challenge) => challenge.Method == DcvMethod.Dns01 && zones.Find(Dns01Records.RecordName(challenge)) is not null;

    public async Task PublishAsync(DcvChallenge challenge, CancellationToken cancellationToken)
    {
        var (record, match) = Locate(challenge);
        await match.Provider.AddTxtAsync(match.Zone, record, challenge.Value, cancellationToken);
        logger.LogInformation("dns-01 TXT {Record} written in zone {Zone} through {Provider}", record, match.Zone, match.Provider.Name);
    }

    public async Task RemoveAsync(DcvChallenge challenge, CancellationToken cancellationToken)
    {
        var (record, match) = Locate(challenge);
        await match.Provider.RemoveTxtAsync(match.Zone, record, challenge.Value, cancellationToken);
    }

    private (string Record, DnsZoneMatch Match) Locate(DcvChallenge challenge)
    {
        var record = DnsZones.Normalise(Dns01Records.RecordName(challenge));
        return (record, zones.Find(record) ?? throw new InvalidOperationException($"No DNS zone configured for {record} (SslFlow:Dns:Zones)."));
    }
}
