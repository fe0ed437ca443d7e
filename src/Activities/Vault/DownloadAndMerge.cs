using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Vault;

namespace SslFlow.Activities.Vault;

/// <summary>
/// Downloads the issued chain and merges it into the vault in one step, so the chain never travels through
/// the journal. Re-runnable: merging the current certificate again is a no-op in the vault.
/// </summary>
public sealed class DownloadAndMerge(CertificateAuthorities authorities, IVault vault) : TaskActivity<DownloadAndMergeInput, IssuedCertificate>
{
    public override async Task<IssuedCertificate> RunAsync(TaskActivityContext context, DownloadAndMergeInput input)
    {
        var chain = await authorities.Get(input.CaName).DownloadAsync(input.CaReference, CancellationToken.None);
        var merged = await vault.MergeAsync(input.CertificateName, chain, CancellationToken.None);
        return new IssuedCertificate(merged.CertificateName, merged.Version, merged.SerialNumber, merged.Thumbprint, merged.NotBefore, merged.NotAfter);
    }
}
