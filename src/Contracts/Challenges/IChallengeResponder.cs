using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Contracts.Challenges;

/// <summary>
/// Puts DCV answers where the CA looks: http-01 files served by the host, dns-01 TXT records at a DNS provider.
/// Idempotent: publishing the same answer twice is one answer.
/// </summary>
public interface IChallengeResponder
{
    bool CanAnswer(DcvMethod method);

    Task PublishAsync(DcvChallenge challenge, CancellationToken cancellationToken);

    Task RemoveAsync(DcvChallenge challenge, CancellationToken cancellationToken);
}
