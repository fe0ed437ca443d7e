using Microsoft.DurableTask;
using SslFlow.Contracts.Installation;

namespace SslFlow.Activities.Installation;

/// <summary>The check on the wire: does the host serve the issued serial (with SNI)? Retries inside the verifier until its deadline.</summary>
public sealed class VerifyInstallation(ITlsEndpointVerifier verifier) : TaskActivity<VerifyInstallationInput, TlsVerification>
{
    public override Task<TlsVerification> RunAsync(TaskActivityContext context, VerifyInstallationInput input) =>
        verifier.VerifyAsync(input.Endpoint, input.SerialNumber, input.Within, CancellationToken.None);
}
