using SslFlow.Activities.Ports;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Activities.Issuance;

/// <summary>Tells the CA the answers are in place.</summary>
public sealed class StartValidation(CertificateAuthorities authorities) : IActivity<CaReferenceInput, bool>
{
    public async Task<bool> RunAsync(CaReferenceInput input, CancellationToken cancellationToken)
    {
        await authorities.Get(input.CaName).StartValidationAsync(input.CaReference, cancellationToken);
        return true;
    }
}
