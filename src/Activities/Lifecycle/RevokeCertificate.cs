using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Lifecycle;

/// <summary>Revokes the current certificate at its CA. Re-runnable: ACME answers "alreadyRevoked", which counts as done.</summary>
public sealed class RevokeCertificate(CertificateAuthorities authorities, IVault vault) : IActivity<RevokeInput, string>
{
    public async Task<string> RunAsync(RevokeInput input, CancellationToken cancellationToken)
    {
        var cert = await vault.GetCertificateAsync(input.CertificateName, cancellationToken)
                   ?? throw new InvalidOperationException($"No issued certificate '{input.CertificateName}' to revoke.");
        await authorities.Get(input.CaName).RevokeAsync(cert.ChainDer[0], input.Reason, cancellationToken);
        return cert.SerialNumber;
    }
}
