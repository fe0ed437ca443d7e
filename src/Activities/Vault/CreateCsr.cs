using Microsoft.DurableTask;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Vault;

namespace SslFlow.Activities.Vault;

/// <summary>Key pair and CSR made inside the vault; re-runnable because the vault returns the pending CSR.</summary>
public sealed class CreateCsr(IVault vault) : TaskActivity<CreateCsrInput, CsrOutput>
{
    public override async Task<CsrOutput> RunAsync(TaskActivityContext context, CreateCsrInput input)
    {
        var pending = await vault.CreateCsrAsync(new CsrRequest(input.CertificateName, input.CommonName, input.DnsNames, input.Key, Smime: input.Smime), CancellationToken.None);
        return new CsrOutput(pending.CertificateName, pending.Version, Convert.ToBase64String(pending.Csr));
    }
}
