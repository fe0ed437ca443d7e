using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Issuance;

/// <summary>Cleans DCV answers up once the CA decided; missing ones are fine.</summary>
public sealed class RemoveChallenges(IEnumerable<IChallengeResponder> responders) : IActivity<PublishChallengesInput, int>
{
    public async Task<int> RunAsync(PublishChallengesInput input, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var challenge in input.Challenges)
        {
            var responder = responders.FirstOrDefault(r => r.CanAnswer(challenge.Method));
            if (responder is null) continue;
            await responder.RemoveAsync(challenge, cancellationToken);
            removed++;
        }
        return removed;
    }
}
