using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Domain.Rules;

namespace SslFlow.Contracts.Challenges;

/// <summary>
/// Puts DCV answers where the CA looks: http-01 files served by the host, dns-01 TXT records at a DNS provider.
/// Idempotent: publishing the same answer twice is one answer.
/// </summary>
public interface IChallengeResponder
{
    bool CanAnswer(DcvMethod method);

    /// <summary>
    /// Whether this responder can publish the answer for <paramref name="dnsName"/> (a wildcard's base name for dns-01):
    /// a DNS provider only in the zones it serves. By default every name of a method it answers.
    /// </summary>
    bool Covers(string dnsName, DcvMethod method) => CanAnswer(method);

    /// <summary>Whether this responder can publish this challenge (for dns-01, where the record is written).</summary>
    bool Covers(DcvChallenge challenge) => Covers(challenge.DnsName.TrimStart('*', '.'), challenge.Method);

    Task PublishAsync(DcvChallenge challenge, CancellationToken cancellationToken);

    Task RemoveAsync(DcvChallenge challenge, CancellationToken cancellationToken);
}
