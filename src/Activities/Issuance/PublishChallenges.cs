using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Issuance;

/// <summary>Puts each automated DCV answer in place (http-01 file, dns-01 TXT). Email DCV has nothing to publish.</summary>
public sealed class PublishChallenges(IEnumerable<IChallengeResponder> responders) : IActivity<PublishChallengesInput, int>
{
    public async Task<int> RunAsync(PublishChallengesInput input, CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var challenge in input.Challenges)
        {
            var responder = responders.FirstOrDefault(r => r.CanAnswer(challenge.Method));
            if (responder is null) continue;
            await responder.PublishAsync(challenge, cancellationToken);
            published++;
        }
        return published;
    }
}
