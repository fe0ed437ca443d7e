using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;

namespace SslFlow.Activities.Issuance;

/// <summary>Tells the CA the answers are in place.</summary>
public sealed class StartValidation(CertificateAuthorities authorities) : TaskActivity<CaReferenceInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, CaReferenceInput input)
    {
        await authorities.Get(input.CaName).StartValidationAsync(input.CaReference, CancellationToken.None);
        return true;
    }
}
