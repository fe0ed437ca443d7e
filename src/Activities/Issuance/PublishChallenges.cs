using Microsoft.DurableTask;
using SslFlow.Contracts.Challenges;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Domain.Rules;

namespace SslFlow.Activities.Issuance;

/// <summary>
/// Puts each automated DCV answer in place (http-01 file, dns-01 TXT) through the first responder that covers it (a DNS
/// provider only for the zones it serves). Email DCV has nothing to publish. A challenge no responder can publish fails the
/// order at once with the name and method (a CA would otherwise be told to check a record nobody wrote): intake refuses
/// such names, so this is a deployment whose settings changed under a running order.
/// </summary>
public sealed class PublishChallenges(IEnumerable<IChallengeResponder> responders) : TaskActivity<PublishChallengesInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, PublishChallengesInput input)
    {
        var published = 0;
        foreach (var challenge in input.Challenges)
        {
            if (challenge.Method == DcvMethod.Email) continue;
            var responder = responders.FirstOrDefault(r => r.Covers(challenge))
                ?? throw new CaOrderFailedException($"Nothing on this deployment can publish the {Wire(challenge.Method)} answer for '{challenge.DnsName}': "
                    + (challenge.Method == DcvMethod.Dns01 ? "no DNS provider serves its zone (SslFlow:Dns:Zones)." : "no http-01 responder is configured."));
            await responder.PublishAsync(challenge, CancellationToken.None);
            published++;
        }
        return published;
    }

    private static string Wire(DcvMethod method) => method == DcvMethod.Dns01 ? "dns-01" : "http-01";
}
