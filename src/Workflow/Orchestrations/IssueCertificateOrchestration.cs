using SslFlow.Activities.Issuance;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Ports;
using SslFlow.Activities.Vault;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// The one issuance pipeline, run as a sub-orchestration by new orders, renewals and reissues:
/// key pair and CSR in the vault → order at the CA → DCV → finalize → download and merge into the vault.
/// </summary>
public sealed class IssueCertificateOrchestration : IOrchestration<IssueCertificateInput, IssuedCertificate>
{
    public async Task<IssuedCertificate> RunAsync(IOrchestrationContext context, IssueCertificateInput input)
    {
        var sequence = input.SequenceBase;
        var csr = await context.CallActivityAsync<CsrOutput>(nameof(CreateCsr),
            new CreateCsrInput(input.CertificateName, input.DnsNames[0], input.DnsNames, input.Key), Retries.Transient);

        var request = new CaOrderRequest($"{input.OrderId}-{input.Attempt}", input.ProductCode, input.DnsNames, input.DcvMethod, input.ContactEmail, input.Replaces);
        var submission = await context.CallActivityAsync<CaSubmission>(nameof(SubmitOrder), new SubmitOrderInput(input.CaName, request), Retries.Transient);
        var caRef = new CaReferenceInput(input.CaName, submission.CaReference);

        if (!input.Renewal)
        {
            // A renewal keeps the order ACTIVE: the current certificate serves until the new one is merged.
            await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(input.OrderId,
                new OrderTransition(sequence++, context.CurrentUtcDateTime, null, OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation,
                    TransitionCauseKind.Submitted, OrderActor.System, $"Order placed with {input.CaName}"),
                new OrderUpdate(CaReference: submission.CaReference, CertificateName: input.CertificateName, WorkflowInstanceId: context.InstanceId)), Retries.Transient);
        }
        context.SetCustomStatus(new OrderProgress(OrderStatus.ActivationInProgress.Display(), OrderSubStatus.DomainControlValidation.Display(),
            submission.CaReference, "domain control validation"));

        var challenges = new PublishChallengesInput(submission.Challenges);
        try
        {
            await context.CallActivityAsync(nameof(PublishChallenges), challenges, Retries.Transient);
            await context.CallActivityAsync(nameof(StartValidation), caRef, Retries.Transient);
            await context.CallActivityAsync<CaOrderState>(nameof(CheckCaOrder), new CheckCaOrderInput(input.CaName, submission.CaReference, CaOrderStatus.Ready), Retries.PollCa);
        }
        finally
        {
            await context.CallActivityAsync(nameof(RemoveChallenges), challenges, Retries.Transient);
        }

        await context.CallActivityAsync<CaOrderState>(nameof(FinalizeOrder), new FinalizeInput(input.CaName, submission.CaReference, csr.CsrBase64), Retries.Transient);
        await context.CallActivityAsync<CaOrderState>(nameof(CheckCaOrder), new CheckCaOrderInput(input.CaName, submission.CaReference, CaOrderStatus.Valid), Retries.PollCa);
        return await context.CallActivityAsync<IssuedCertificate>(nameof(DownloadAndMerge),
            new DownloadAndMergeInput(input.CaName, submission.CaReference, input.CertificateName), Retries.Transient);
    }
}
