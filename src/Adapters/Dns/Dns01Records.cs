using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Challenges;


namespace SslFlow.Adapters.Dns;

/// <summary>Where a dns-01 answer is written.</summary>
public static class Dns01Records
{
    /// <summary>
    /// The record the CA named (ACME: <c>_acme-challenge.{base}</c>, shared by a wildcard and its base name, RFC 8555 §8.4;
    /// reseller APIs: their own label, e.g. <c>_dnsauth.{base}</c>), else the ACME name; absolute, with the trailing dot.
    /// </summary>
    public static string RecordName(DcvChallenge challenge) =>
        challenge.Location is { Length: > 0 } location && !location.Contains("://", StringComparison.Ordinal)
            ? location.TrimEnd('.') + "."
            : $"_acme-challenge.{challenge.DnsName.TrimStart('*', '.')}.";

    /// <summary>The ACME record of a name (a wildcard's base name), lower case, without the trailing dot.</summary>
    public static string AcmeRecordOf(string dnsName) => "_acme-challenge." + DnsZones.Normalise(dnsName.TrimStart('*', '.'));
}
