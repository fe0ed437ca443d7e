using SslFlow.Activities.Issuance;
using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Vault;

/// <summary>Key pair and CSR made inside the vault; re-runnable because the vault returns the pending CSR.</summary>
public sealed class CreateCsr(IVault vault) : IActivity<CreateCsrInput, CsrOutput>
{
    public async Task<CsrOutput> RunAsync(CreateCsrInput input, CancellationToken cancellationToken)
    {
        var pending = await vault.CreateCsrAsync(new CsrRequest(input.CertificateName, input.CommonName, input.DnsNames, input.Key), cancellationToken);
        return new CsrOutput(pending.CertificateName, pending.Version, Convert.ToBase64String(pending.Csr));
    }
}
