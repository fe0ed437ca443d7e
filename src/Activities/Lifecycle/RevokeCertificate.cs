using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Vault;

namespace SslFlow.Activities.Lifecycle;

/// <summary>Revokes the current certificate at its CA. Re-runnable: ACME answers "alreadyRevoked", which counts as done.</summary>
public sealed class RevokeCertificate(CertificateAuthorities authorities, IVault vault) : TaskActivity<RevokeInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, RevokeInput input)
    {
        var cert = await vault.GetCertificateAsync(input.CertificateName, CancellationToken.None)
                   ?? throw new InvalidOperationException($"No issued certificate '{input.CertificateName}' to revoke.");
        await authorities.Get(input.CaName).RevokeAsync(cert.ChainDer[0], input.Reason, CancellationToken.None);
        return cert.SerialNumber;
    }
}
