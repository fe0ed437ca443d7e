using SslFlow.Activities.Issuance;
using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Vault;

/// <summary>
/// Downloads the issued chain and merges it into the vault in one step, so the chain never travels through
/// the journal. Re-runnable: merging the current certificate again is a no-op in the vault.
/// </summary>
public sealed class DownloadAndMerge(CertificateAuthorities authorities, IVault vault) : IActivity<DownloadAndMergeInput, IssuedCertificate>
{
    public async Task<IssuedCertificate> RunAsync(DownloadAndMergeInput input, CancellationToken cancellationToken)
    {
        var chain = await authorities.Get(input.CaName).DownloadAsync(input.CaReference, cancellationToken);
        var merged = await vault.MergeAsync(input.CertificateName, chain, cancellationToken);
        return new IssuedCertificate(merged.CertificateName, merged.Version, merged.SerialNumber, merged.Thumbprint, merged.NotBefore, merged.NotAfter);
    }
}
