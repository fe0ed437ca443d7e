using Microsoft.DurableTask;
using SslFlow.Contracts.Installation;

namespace SslFlow.Activities.Installation;

/// <summary>Stores a new order's targets (once) and returns the targets to install on with the retry settings.</summary>
public sealed class PrepareInstallation(IInstallationStore store, InstallationWorkflowOptions options) : TaskActivity<PrepareInstallationInput, InstallationPlan>
{
    public override async Task<InstallationPlan> RunAsync(TaskActivityContext context, PrepareInstallationInput input)
    {
        if (input.Targets is { Count: > 0 } targets) await store.SaveTargetsAsync(input.OrderId, targets, CancellationToken.None);
        var stored = await store.GetTargetsAsync(input.OrderId, CancellationToken.None);
        return new InstallationPlan(stored, options.EffectiveRetryDelays, options.VerifyWithin);
    }
}
