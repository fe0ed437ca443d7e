using SslFlow.Contracts;
using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// One run of <see cref="IssueCertificateOrchestration"/> (kept out of the orchestration class, which may hold no state).
/// <list type="bullet">
/// <item>ACME (the service answers DCV itself): publish the answers, tell the CA, poll until ready by retry policy.</item>
/// <item>Order-API CAs (<see cref="CaSubmission.ValidatesByEvents"/>): for each step of the product's validation plan record
/// the sub-status, tell the customer, then wait for the step's completion event raced against the step deadline (a
/// durable timer), a <c>rejected</c> event, a cancel, a DCV method change, and a slow poll of the CA order, so a
/// lost webhook is recovered. Events that arrive early or out of order are buffered by the engine.</item>
/// <item>A CA that says "come back later" (<see cref="CaRateLimitedException"/>) becomes a durable timer and a retry.</item>
/// </list>
/// Until finalization every wait also races a <c>cancel</c> event: the pipeline then cancels at the CA and stops with
/// <see cref="IssuanceCancelledException"/>. After finalization the CA may have issued, so the pipeline finishes and
/// the order orchestration revokes what was issued.
/// </summary>
public sealed class IssuancePipeline(TaskOrchestrationContext context, IssueCertificateInput input)
{
    /// <summary>How often a waiting step asks the CA when no interval is given: webhooks are the fast path.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromHours(4);

    /// <summary>Bounds on one rate-limit wait, whatever the CA said, and on how many in a row before giving up.</summary>
    public static readonly TimeSpan MinRateLimitWait = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromDays(1);
    public const int MaxRateLimitWaits = 10;

    /// <summary>At most this many DCV method changes are acted on per run (each one sends an email).</summary>
    public const int MaxDcvChanges = 20;

    private readonly HashSet<string> _completedSteps = new(StringComparer.Ordinal);
    private Task<CancelRequest>? _cancel;
    private Task<DcvMethodChanged>? _dcvChange;
    private string? _caReference;
    private int _sequence = input.SequenceBase;
    private int _dcvChanges;

    private DateTime Now => context.CurrentUtcDateTime;

    public async Task<IssuedCertificate> RunAsync()
    {
        using var stop = new CancellationTokenSource();
        _cancel = context.WaitForExternalEvent<CancelRequest>(OrderEvents.Cancel, stop.Token);
        try
        {
            return await RunCoreAsync(stop.Token);
        }
        catch (IssuanceCancelledException)
        {
            await CancelAtCaAsync();
            throw;
        }
        finally
        {
            stop.Cancel(); // the instance stops listening; a late event stays unread and ends with the instance
        }
    }

    private async Task<IssuedCertificate> RunCoreAsync(CancellationToken stop)
    {
        ThrowIfCancelled();
        var csr = await context.CallActivityAsync<CsrOutput>(ActivityNames.CreateCsr, CsrInputFor(input), Retries.Transient);

        ThrowIfCancelled();
        // The CA order key is this pipeline's own instance id: unique per new order, renewal attempt and reissue (their ids
        // name the serial they replace and the renewal moment), so a later run never finds an earlier run's finished CA
        // order, and a re-run of this one (a retried activity, a replay) finds its own. Replay-safe for instances started
        // with the old "{order}-{attempt}" key: a submission already in their history is not made again.
        var request = new CaOrderRequest(context.InstanceId, input.ProductCode, input.DnsNames, input.DcvMethod, input.ContactEmail, input.Replaces, input.ApproverEmail, input.Subject);
        var submission = await CallCaAsync<CaSubmission>(ActivityNames.SubmitOrder, new SubmitOrderInput(input.CaName, request), Retries.CaCall);
        _caReference = submission.CaReference;

        var plan = submission.ValidatesByEvents ? PlanFor(input.ProductCode) : null;
        var firstSubStatus = plan?.SubStatusAt(0) ?? OrderSubStatus.DomainControlValidation;
        await RecordSubmittedAsync(submission, firstSubStatus);
        ThrowIfCancelled();

        var challenges = submission.Challenges;
        try
        {
            await context.CallActivityAsync(ActivityNames.PublishChallenges, new PublishChallengesInput(challenges), Retries.Transient);
            if (plan is null)
            {
                SetStatus(firstSubStatus, "domain control validation");
                await CallCaAsync<bool>(ActivityNames.StartValidation, new CaReferenceInput(input.CaName, submission.CaReference), Retries.CaCall);
                await OrCancel(CallCaAsync<CaOrderState>(ActivityNames.CheckCaOrder, new CheckCaOrderInput(input.CaName, submission.CaReference, CaOrderStatus.Ready), Retries.PollCa));
            }
            else
            {
                challenges = await RunPlanAsync(plan, challenges, stop);
            }
        }
        finally
        {
            await context.CallActivityAsync(ActivityNames.RemoveChallenges, new PublishChallengesInput(challenges), Retries.Transient);
        }

        ThrowIfCancelled();
        SetStatus(plan?.Steps[^1].SubStatus ?? firstSubStatus, "issuance");
        await CallCaAsync<CaOrderState>(ActivityNames.FinalizeOrder, new FinalizeInput(input.CaName, submission.CaReference, csr.CsrBase64), Retries.CaCall);
        await CallCaAsync<CaOrderState>(ActivityNames.CheckCaOrder, new CheckCaOrderInput(input.CaName, submission.CaReference, CaOrderStatus.Valid), Retries.PollCa);
        return await context.CallActivityAsync<IssuedCertificate>(ActivityNames.DownloadAndMerge,
            new DownloadAndMergeInput(input.CaName, submission.CaReference, input.CertificateName), Retries.CaCall);
    }

    /// <summary>
    /// The CSR the vault makes: TLS names the DNS names; an S/MIME product names its mailbox (the order's one name) as
    /// rfc822Name and the subject its validation level allows (<see cref="SmimeSubject.For"/>), so no DNS name is asked for.
    /// </summary>
    public static CreateCsrInput CsrInputFor(IssueCertificateInput input)
    {
        if (ProductCatalog.Find(input.ProductCode) is not { IsSmime: true } product)
        {
            return new CreateCsrInput(input.CertificateName, input.DnsNames[0], input.DnsNames, input.Key);
        }
        var smime = SmimeSubject.For(product, input.DnsNames[0], input.Subject);
        return new CreateCsrInput(input.CertificateName, smime.CommonName ?? smime.Mailbox, [], input.Key, smime);
    }

    /// <summary>PENDING ACTIVATION → ACTIVATION IN PROGRESS with the first step's sub-status (not for renewals: they stay ACTIVE).</summary>
    private async Task RecordSubmittedAsync(CaSubmission submission, OrderSubStatus subStatus)
    {
        if (input.Renewal) return;
        try
        {
            await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
                new OrderTransition(_sequence++, Now, null, OrderStatus.ActivationInProgress, subStatus,
                    TransitionCauseKind.Submitted, OrderActor.System, $"Order placed with {input.CaName}"),
                new OrderUpdate(CaReference: submission.CaReference, CertificateName: input.CertificateName, WorkflowInstanceId: context.InstanceId,
                    DnsNames: input.DnsNames, DcvMethod: input.DcvMethod.ToString(), OrganizationProfileId: input.OrganizationProfileId,
                    Subject: input.Subject)).Keyed(context), Retries.Transient); // a saved order gets its names (and subject) only now
        }
        catch (TaskFailedException ex) when (ex.FailureDetails.HasCause<IllegalTransitionException>())
        {
            // The order left PENDING ACTIVATION while we were placing it: it was cancelled before we could listen.
            throw new IssuanceCancelledException("The order was cancelled while it was being placed.");
        }
    }

    /// <summary>Runs the plan's steps in order; returns the DCV answers now in place (a method change replaces them).</summary>
    private async Task<IReadOnlyList<DcvChallenge>> RunPlanAsync(ValidationPlan plan, IReadOnlyList<DcvChallenge> challenges, CancellationToken stop)
    {
        var submittedAt = Offset(Now);
        var rejected = context.WaitForExternalEvent<ValidationEvent>(ValidationEvents.Rejected, stop);
        // One DCV-change waiter for the whole plan (re-armed after each change), not one per step: a cancelled waiter
        // left behind by a finished step must never be the one an event reaches (Durable hands an event to the newest
        // waiter of its name, and older workers drop an event that reaches a cancelled one).
        _dcvChange = context.WaitForExternalEvent<DcvMethodChanged>(OrderEvents.DcvMethodChanged, stop);
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            if (i > 0 && !input.Renewal && step.SubStatus != plan.Steps[i - 1].SubStatus)
            {
                await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
                    new OrderTransition(_sequence, Now, OrderStatus.ActivationInProgress, OrderStatus.ActivationInProgress, step.SubStatus,
                        TransitionCauseKind.StepCompleted, OrderActor.CertificateAuthority, $"{plan.Steps[i - 1].Kind} completed; now {step.Kind}"),
                    new OrderUpdate()).Keyed(context), Retries.Transient);
            }
            SetStatus(step.SubStatus, step.CompletionEvent);
            await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, KindFor(step), _sequence++, null,
                step.Kind is ValidationStepKind.DomainControl or ValidationStepKind.EmailControl ? challenges : null));

            var deadline = plan.DeadlineFor(i, Offset(Now), submittedAt);
            challenges = await WaitForStepAsync(step, deadline, rejected, challenges, stop);
        }
        return challenges;
    }

    /// <summary>The race for one step: its event, the deadline, a rejection, a cancel, a DCV change, and the slow poll.</summary>
    private async Task<IReadOnlyList<DcvChallenge>> WaitForStepAsync(ValidationStep step, DateTimeOffset deadline, Task<ValidationEvent> rejected,
        IReadOnlyList<DcvChallenge> challenges, CancellationToken stop)
    {
        if (_completedSteps.Contains(step.CompletionEvent)) return challenges; // an earlier poll saw it done
        using var stepDone = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var done = context.WaitForExternalEvent<ValidationEvent>(step.CompletionEvent, stepDone.Token);
        try
        {
            return await RaceStepAsync(step, deadline, rejected, challenges, done, stop);
        }
        finally
        {
            stepDone.Cancel(); // a step that ended otherwise (poll, deadline) stops waiting for its event
        }
    }

    private async Task<IReadOnlyList<DcvChallenge>> RaceStepAsync(ValidationStep step, DateTimeOffset deadline, Task<ValidationEvent> rejected,
        IReadOnlyList<DcvChallenge> challenges, Task<ValidationEvent> done, CancellationToken stop)
    {
        while (true)
        {
            var pollInterval = input.ValidationPollInterval is { } p && p > TimeSpan.Zero ? p : DefaultPollInterval;
            var wakeAt = Min(Offset(Now) + pollInterval, deadline);
            using var timerCts = new CancellationTokenSource();
            var timer = context.CreateTimer(wakeAt.UtcDateTime, timerCts.Token);
            var dcvChange = _dcvChange!;
            var winner = await Task.WhenAny(done, rejected, _cancel!, dcvChange, timer);
            // A cancelled durable timer still fires later and wakes the instance once; its task stays cancelled, so that is harmless.
            if (winner != timer) timerCts.Cancel();

            if (winner == done)
            {
                await done;
                return challenges;
            }
            if (winner == rejected)
            {
                var e = await rejected;
                throw new CaOrderFailedException(e.Detail is { Length: > 0 } d ? d : $"The certificate authority rejected the order during {Describe(step)}.");
            }
            if (winner == _cancel)
            {
                ThrowIfCancelled();
            }
            if (winner == dcvChange)
            {
                challenges = await ApplyDcvChangeAsync(await dcvChange, challenges);
                _dcvChange = context.WaitForExternalEvent<DcvMethodChanged>(OrderEvents.DcvMethodChanged, stop);
                continue;
            }

            // The timer: the deadline, or time for a look at the CA.
            if (Offset(Now) >= deadline)
            {
                throw new ValidationTimedOutException($"{Capitalised(Describe(step))} was not completed by {deadline:u}; the order was not validated in time.");
            }
            if (await PollAsync() is { } state)
            {
                if (state.Status >= CaOrderStatus.Ready || _completedSteps.Contains(step.CompletionEvent))
                {
                    if (state.Status >= CaOrderStatus.Ready) _completedSteps.UnionWith(PlanFor(input.ProductCode).Steps.Select(s => s.CompletionEvent));
                    return challenges; // the poll found the step done: a lost webhook is recovered
                }
            }
        }
    }

    /// <summary>A look at the CA order for a lost webhook. The CA being unreachable is not the order's failure: we look again later.</summary>
    private async Task<CaOrderState?> PollAsync()
    {
        try
        {
            var state = await context.CallActivityAsync<CaOrderState>(ActivityNames.CheckCaOrder,
                new CheckCaOrderInput(input.CaName, _caReference!, CaOrderStatus.Pending), Retries.Transient);
            if (state.CompletedSteps is { } steps) _completedSteps.UnionWith(steps);
            return state;
        }
        catch (TaskFailedException ex) when (!ex.FailureDetails.HasCause<CaOrderFailedException>())
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<DcvChallenge>> ApplyDcvChangeAsync(DcvMethodChanged change, IReadOnlyList<DcvChallenge> old)
    {
        if (++_dcvChanges > MaxDcvChanges) return old;
        await context.CallActivityAsync(ActivityNames.RemoveChallenges, new PublishChallengesInput(old), Retries.Transient);
        await context.CallActivityAsync(ActivityNames.PublishChallenges, new PublishChallengesInput(change.Challenges), Retries.Transient);
        // Own notification numbers (50+) so a change never collides with a step's email.
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.DcvInstructions, input.SequenceBase + 50 + _dcvChanges, null, change.Challenges));
        return change.Challenges;
    }

    /// <summary>Calls a CA activity; a "come back later" answer becomes a durable timer (raced with cancel) and a retry.</summary>
    private async Task<T> CallCaAsync<T>(string name, object activityInput, TaskOptions options)
    {
        for (var waits = 0; ; waits++)
        {
            try
            {
                return await context.CallActivityAsync<T>(name, activityInput, options);
            }
            catch (TaskFailedException ex) when (waits < MaxRateLimitWaits && RetryAt(ex.FailureDetails) is { } retryAt)
            {
                var at = Max(Min(retryAt, Offset(Now) + MaxRateLimitWait), Offset(Now) + MinRateLimitWait);
                context.SetCustomStatus(new OrderProgress(OrderStatus.ActivationInProgress.Display(), null, _caReference, $"the certificate authority's rate limit until {at:u}"));
                using var timerCts = new CancellationTokenSource();
                await OrCancel(context.CreateTimer(at.UtcDateTime, timerCts.Token), timerCts);
            }
        }
    }

    /// <summary>The retry time of a rate-limited failure, from the innermost failure that carries one.</summary>
    public static DateTimeOffset? RetryAt(TaskFailureDetails details)
    {
        for (var d = details; d is not null; d = d.InnerFailure)
        {
            if (d.IsCausedBy<CaRateLimitedException>() && CaRateLimitedException.TryParseRetryAt(d.ErrorMessage, out var at)) return at;
        }
        return null;
    }

    /// <summary>Waits for <paramref name="work"/> unless a cancel comes first.</summary>
    private async Task OrCancel(Task work, CancellationTokenSource? loser = null)
    {
        if (await Task.WhenAny(work, _cancel!) == work)
        {
            await work;
            return;
        }
        loser?.Cancel();
        ThrowIfCancelled();
    }

    private void ThrowIfCancelled()
    {
        if (_cancel is { IsCompletedSuccessfully: true } c) throw new IssuanceCancelledException(c.Result.Reason);
    }

    private async Task CancelAtCaAsync()
    {
        try
        {
            await context.CallActivityAsync(ActivityNames.CancelCaOrder, new CancelCaOrderInput(input.CaName, _caReference, input.CertificateName), Retries.Transient);
        }
        catch (TaskFailedException)
        {
            // Best effort: an unvalidated order expires at the CA anyway; the refund does not depend on it.
        }
    }

    private void SetStatus(OrderSubStatus subStatus, string waitingFor) =>
        context.SetCustomStatus(new OrderProgress(input.Renewal ? OrderStatus.Active.Display() : OrderStatus.ActivationInProgress.Display(),
            subStatus.Display(), _caReference, waitingFor));

    private static ValidationPlan PlanFor(string productCode) =>
        ProductCatalog.Find(productCode)?.Plan ?? throw new CaOrderFailedException($"Unknown product '{productCode}': no validation plan.");

    private static NotificationKind KindFor(ValidationStep step) =>
        step.Kind is ValidationStepKind.DomainControl or ValidationStepKind.EmailControl ? NotificationKind.DcvInstructions : NotificationKind.OrganizationChecks;

    private static string Describe(ValidationStep step) => step.Kind switch
    {
        ValidationStepKind.DomainControl => "domain control validation",
        ValidationStepKind.EmailControl => "email address control validation",
        ValidationStepKind.IdentityDocument => "identity verification",
        ValidationStepKind.Organization => "organization validation",
        ValidationStepKind.EvExtraChecks => "the additional EV checks",
        ValidationStepKind.Callback => "the verification callback",
        _ => step.Kind.ToString(),
    };

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static DateTimeOffset Offset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
