using Microsoft.DurableTask;
using SslFlow.Contracts.Challenges;
using SslFlow.Contracts.Issuance;

namespace SslFlow.Activities.Issuance;

/// <summary>Puts each automated DCV answer in place (http-01 file, dns-01 TXT). Email DCV has nothing to publish.</summary>
public sealed class PublishChallenges(IEnumerable<IChallengeResponder> responders) : TaskActivity<PublishChallengesInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, PublishChallengesInput input)
    {
        var published = 0;
        foreach (var challenge in input.Challenges)
        {
            var responder = responders.FirstOrDefault(r => r.CanAnswer(challenge.Method));
            if (responder is null) continue;
            await responder.PublishAsync(challenge, CancellationToken.None);
            published++;
        }
        return published;
    }
}
