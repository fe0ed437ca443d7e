using SslFlow.Contracts.Installation;


namespace SslFlow.Adapters.Installation;

/// <summary>
/// Front Door, Application Gateway, the Key Vault VM extension: they poll Key Vault and pick the new version up by
/// themselves, so nothing is pushed and no key leaves the vault. The installation is the check on the wire.
/// </summary>
public sealed class KeyVaultConsumerInstallTarget : IInstallTarget
{
    public string Kind => InstallTargetKinds.KeyVaultConsumer;

    public Task<InstallResult> InstallAsync(InstallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Target is not KeyVaultConsumerTarget target)
        {
            throw new ArgumentException($"Expected a {nameof(KeyVaultConsumerTarget)}, got {request.Target.GetType().Name}.", nameof(request));
        }

        var who = target.Consumer is { Length: > 0 } consumer ? consumer : "The Key Vault consumer";
        return Task.FromResult(new InstallResult(
            InstallOutcome.VerifyOnly,
            $"{who} follows Key Vault certificate '{request.CertificateName}' by itself: nothing to push, verify only.",
            target.VerifyAt));
    }
}
