using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// One certificate to put on the order's install targets. <paramref name="Targets"/>: a new order's targets (stored by the
/// first step); null = the order's stored targets (renewal, reissue, the retry route).
/// </summary>
public sealed record InstallCertificateInput(string OrderId, string CertificateName, string SerialNumber, string Thumbprint, DateTimeOffset NotAfter,
    IReadOnlyList<InstallTarget>? Targets = null);

public sealed record InstallSummary(string OrderId, string SerialNumber, int Targets, int Installed, IReadOnlyList<string> Failures);

/// <summary>
/// Installs a newly merged certificate (issuance, renewal, reissue) on each of the order's targets, one after the other:
/// install through the target's adapter, then check on the wire that the host serves the new serial. Both good → timeline
/// "installed on {host}" and the confirmation email. Otherwise → timeline "installation failed: {reason}", the customer
/// told once, and the same target retried after the settings' backoff (durable timers); the order stays ACTIVE and
/// downloadable throughout, and an adapter that fails leaves the previous certificate serving. A renewal that supersedes
/// the serial stops the retries (<see cref="RecordInstallation"/> says so).
/// </summary>
public sealed class InstallCertificateOrchestration : SslFlowOrchestrator<InstallCertificateInput, InstallSummary>
{
    /// <summary>One instance per order and serial: a re-run (replay, a second start) finds it.</summary>
    public static string InstanceId(string orderId, string serialNumber) => $"install-{orderId}-{serialNumber}";

    protected override async Task<InstallSummary> RunOrchestrationAsync(TaskOrchestrationContext context, InstallCertificateInput input)
    {
        var plan = await context.CallActivityAsync<InstallationPlan>(ActivityNames.PrepareInstallation, new PrepareInstallationInput(input.OrderId, input.Targets), Retries.Transient);
        var sequence = Sequences.For(context.InstanceId);
        var installed = 0;
        var failures = new List<string>();
        for (var i = 0; i < plan.Targets.Count && i < 40; i++)
        {
            var (ok, reason) = await InstallOneAsync(context, input, plan, i, sequence + 2 * i);
            if (ok) installed++;
            else if (reason is not null) failures.Add(reason);
        }
        return new InstallSummary(input.OrderId, input.SerialNumber, plan.Targets.Count, installed, failures);
    }

    private static async Task<(bool Ok, string? Reason)> InstallOneAsync(TaskOrchestrationContext context, InstallCertificateInput input, InstallationPlan plan, int index, int sequence)
    {
        var target = plan.Targets[index];
        var request = new InstallRequest(input.OrderId, input.CertificateName, input.SerialNumber, input.Thumbprint, input.NotAfter, target);
        for (var attempt = 1; ; attempt++)
        {
            var (ok, detail) = await AttemptAsync(context, request, plan);
            var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
            var state = new InstallationState(index, target, ok ? InstallationPhase.Installed : InstallationPhase.Failed, input.SerialNumber, detail, now, attempt);
            if (!await context.CallActivityAsync<bool>(ActivityNames.RecordInstallation, new RecordInstallationInput(input.OrderId, state), Retries.Transient))
            {
                return (false, null); // superseded by a newer certificate: its own installation takes over
            }
            if (ok)
            {
                await TimelineAsync(context, input.OrderId, sequence, TransitionCauseKind.Installed, detail);
                await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.Installed, sequence, detail));
                return (true, null);
            }
            if (attempt == 1)
            {
                // Once per certificate and target: the retries are quiet, the order view shows the latest state.
                await TimelineAsync(context, input.OrderId, sequence + 1, TransitionCauseKind.InstallFailed, $"installation failed: {detail}");
                await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.InstallFailed, sequence + 1, detail));
            }
            if (attempt > plan.RetryDelays.Count) return (false, detail);
            await context.CreateTimer(context.CurrentUtcDateTime + plan.RetryDelays[attempt - 1], CancellationToken.None);
        }
    }

    /// <summary>Install, then (when the target can be checked) look on the wire. The detail is what the timeline and the email say.</summary>
    private static async Task<(bool Ok, string Detail)> AttemptAsync(TaskOrchestrationContext context, InstallRequest request, InstallationPlan plan)
    {
        InstallResult result;
        try
        {
            result = await context.CallActivityAsync<InstallResult>(ActivityNames.InstallCertificate, request, Retries.Transient);
        }
        catch (TaskFailedException ex)
        {
            return (false, Reasons.From(ex.FailureDetails));
        }
        if (!result.Succeeded) return (false, result.Detail);
        if (result.VerifyAt is not { } endpoint)
        {
            return (true, result.Outcome == InstallOutcome.Delivered ? $"delivered: {result.Detail}" : result.Detail);
        }
        TlsVerification check;
        try
        {
            check = await context.CallActivityAsync<TlsVerification>(ActivityNames.VerifyInstallation, new VerifyInstallationInput(endpoint, request.SerialNumber, plan.VerifyWithin), Retries.Transient);
        }
        catch (TaskFailedException ex)
        {
            return (false, $"checking {endpoint} failed: {Reasons.From(ex.FailureDetails)}");
        }
        return check.Matches
            ? (true, $"installed on {endpoint}")
            : (false, $"{endpoint} serves {(check.ServedSerial is { } served ? $"serial {served}" : "no certificate")}, not {request.SerialNumber}{(check.Error is { } e ? $" ({e})" : "")}");
    }

    /// <summary>ACTIVE → ACTIVE with an audit entry. An order revoked or expired meanwhile refuses the edge: the entry is skipped, not the installation.</summary>
    private static async Task TimelineAsync(TaskOrchestrationContext context, string orderId, int sequence, TransitionCauseKind cause, string detail)
    {
        try
        {
            await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(orderId,
                new OrderTransition(sequence, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Active, OrderSubStatus.None, cause, OrderActor.System, Trim(detail)),
                new OrderUpdate()).Keyed(context), Retries.Transient);
        }
        catch (TaskFailedException)
        {
        }
    }

    private static string Trim(string detail) => detail.Length > 1000 ? detail[..1000] + "…" : detail;
}

/// <summary>How issuance, renewal and reissue hand a merged certificate to <see cref="InstallCertificateOrchestration"/>.</summary>
public static class Install
{
    /// <summary>Runs the installation as a sub-orchestration (one per order and serial); its failure never fails the caller: the order is ACTIVE already.</summary>
    public static async Task RunAsync(TaskOrchestrationContext context, string orderId, IssuedCertificate issued, IReadOnlyList<InstallTarget>? targets = null)
    {
        try
        {
            await context.CallSubOrchestratorAsync<InstallSummary>(nameof(InstallCertificateOrchestration),
                new InstallCertificateInput(orderId, issued.CertificateName, issued.SerialNumber, issued.Thumbprint, issued.NotAfter, targets),
                SubOrchestration.WithInstanceId(InstallCertificateOrchestration.InstanceId(orderId, issued.SerialNumber)));
        }
        catch (TaskFailedException)
        {
            // A bug or a store outage past its retries: the order view keeps the last recorded state; POST /install retries.
        }
    }
}
