using Microsoft.DurableTask;
using SslFlow.Contracts.Installation;

namespace SslFlow.Activities.Installation;

/// <summary>Installs on one target through its adapter; idempotent (the adapters report AlreadyInstalled on a re-run). No key passes through here.</summary>
public sealed class InstallCertificate(InstallTargets targets) : TaskActivity<InstallRequest, InstallResult>
{
    public override Task<InstallResult> RunAsync(TaskActivityContext context, InstallRequest input) => targets.InstallAsync(input, CancellationToken.None);
}
