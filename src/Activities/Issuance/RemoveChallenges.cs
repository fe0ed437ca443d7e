using Microsoft.DurableTask;
using SslFlow.Contracts.Challenges;
using SslFlow.Contracts.Issuance;

namespace SslFlow.Activities.Issuance;

/// <summary>Cleans DCV answers up once the CA decided; missing ones are fine.</summary>
public sealed class RemoveChallenges(IEnumerable<IChallengeResponder> responders) : TaskActivity<PublishChallengesInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, PublishChallengesInput input)
    {
        var removed = 0;
        foreach (var challenge in input.Challenges)
        {
            var responder = responders.FirstOrDefault(r => r.Covers(challenge));
            if (responder is null) continue;
            await responder.RemoveAsync(challenge, CancellationToken.None);
            removed++;
        }
        return removed;
    }
}
