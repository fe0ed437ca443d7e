using Microsoft.DurableTask;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// The one issuance pipeline, run as a sub-orchestration by new orders, renewals and reissues:
/// key pair and CSR in the vault → order at the CA → DCV (ACME) or the product's validation plan (order-API CAs)
/// → finalize → download and merge into the vault. See <see cref="IssuancePipeline"/>.
/// </summary>
public sealed class IssueCertificateOrchestration : SslFlowOrchestrator<IssueCertificateInput, Contracts.Issuance.IssuedCertificate>
{
    protected override Task<Contracts.Issuance.IssuedCertificate> RunOrchestrationAsync(TaskOrchestrationContext context, IssueCertificateInput input) => new IssuancePipeline(context, input).RunAsync();

    /// <summary>A pipeline stopped by the customer's cancel ends failed only to tell its parent, which refunds: not an alert.</summary>
    protected override bool CountsAsFailure(Exception exception) => exception is not IssuanceCancelledException;
}
