using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using SslFlow.Domain.Orders;
using SslFlow.Application.Workflow;
using SslFlow.Domain.Rules;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;

namespace SslFlow.Application.Orders;

/// <summary>
/// The application service both hosts call: validates, makes intake idempotent, starts orchestrations and
/// reads status. Accepting an order is starting its orchestration: once that is stored, nothing is lost.
/// </summary>
public sealed partial class OrderService(DurableTaskClient workflow, IOrderStore orders, IVault vault, CertificateAuthorities authorities, OrderServiceOptions options,
    InstallationIntake? installation = null)
{
    /// <summary><paramref name="Conflict"/>: the idempotency key already names a different order (nothing was created).</summary>
    public sealed record Accepted(string OrderId, bool Created, string? Conflict = null);

    /// <summary>
    /// Which CA takes the order: DV with http-01/dns-01 goes to the ACME CA; OV, EV, S/MIME and email DCV go to the
    /// order-API CA (the sandbox CA locally). Null when that CA is not configured here.
    /// </summary>
    public string? ChooseCa(NormalisedOrder order)
    {
        // S/MIME levels are never Domain: an S/MIME order always goes to the order-API CA (ACME issues TLS server certificates only).
        var name = order.Level == Domain.Products.ValidationLevel.Domain && order.DcvMethod != DcvMethod.Email ? options.DefaultCa : options.ValidatedCa;
        return authorities.Names.Contains(name, StringComparer.OrdinalIgnoreCase) ? name : null;
    }

    /// <summary>Starts an order; the same idempotency key (per caller) always names the same order.</summary>
    public async Task<Accepted> CreateAsync(NormalisedOrder order, string caller, string? idempotencyKey, CancellationToken cancellationToken, Domain.Organizations.SubjectDetails? subject = null,
        string? organizationProfileId = null)
    {
        var orderId = idempotencyKey is null ? NewOrderId() : DerivedOrderId(caller, idempotencyKey);
        var ca = ChooseCa(order) ?? throw new InvalidOperationException("No certificate authority takes this order.");
        var input = new OrderInput(orderId, order.Product, order.DnsNames, order.DcvMethod, order.ContactEmail, ca, order.Key, caller, options.ValidationPollInterval, order.ApproverEmail,
            order.Warnings, order.InstallTargets, Subject: subject, OrganizationProfileId: organizationProfileId);
        if (await workflow.TryStartAsync(nameof(OrderOrchestration), input, orderId, cancellationToken)) return new Accepted(orderId, true);
        // The same key must mean the same order: a different body is refused instead of silently answered with the first order.
        // The first order's orchestration input is compared (it exists as soon as the start is stored; the order record comes later).
        var first = await workflow.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken) is { SerializedInput: not null } instance
            ? instance.ReadInputAs<OrderInput>() : null;
        return new Accepted(orderId, false, first is null || SameOrder(first, input) ? null
            : $"This Idempotency-Key was first used for a different order ({first.ProductCode}: {string.Join(", ", first.DnsNames)}); use a new key for a new order.");
    }

    /// <summary>
    /// Compares the normalised orders, so a retry that differs only in spelling (case, whitespace, field order) is the same
    /// order. The organization counts too: by the profile named, or, without one, by the validated details (a profile may
    /// be edited between a request and its retry, so its copied details are not compared).
    /// </summary>
    private static bool SameOrder(OrderInput a, OrderInput b) =>
        a.ProductCode == b.ProductCode && a.DnsNames.SequenceEqual(b.DnsNames) && a.DcvMethod == b.DcvMethod && a.ContactEmail == b.ContactEmail
        && a.CaName == b.CaName && a.Key == b.Key && a.ApproverEmail == b.ApproverEmail
        && a.OrganizationProfileId == b.OrganizationProfileId && (a.OrganizationProfileId is not null || a.Subject == b.Subject);

    public enum LifecycleOutcome
    {
        Started,
        AlreadyRunning,
        NotFound,
        WrongState,
        /// <summary>Done at once (resend approval, change DCV method).</summary>
        Done,
        /// <summary>The request is not valid for this order; <see cref="LifecycleResult.Errors"/> names the fields.</summary>
        Invalid,
    }

    public sealed record LifecycleResult(LifecycleOutcome Outcome, string? InstanceId, string? Detail, IReadOnlyList<(string Field, string Reason)>? Errors = null);

    /// <summary>Refund window after issuance inside which a cancel revokes and refunds (a common commercial policy).</summary>
    public static readonly TimeSpan RefundWindow = TimeSpan.FromDays(30);

    public async Task<LifecycleResult> CancelAsync(string orderId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        var instance = await workflow.GetInstanceAsync(orderId, getInputsAndOutputs: false, cancellationToken);
        if (order is null && instance is null) return new(LifecycleOutcome.NotFound, null, null);
        var status = order?.Status ?? OrderStatus.PendingActivation;
        if (status is OrderStatus.PendingActivation or OrderStatus.ActivationInProgress && instance is { } live && live.IsLive())
        {
            // Both the order and its pipeline hear the cancel: the pipeline stops at whatever it waits for and cancels at
            // the CA; the order refunds. A pipeline that has not started yet is told by the order instead (Durable would drop
            // an event raised to it now), so it is raised only to a pipeline that exists.
            var cancel = new CancelRequest(reason, "customer");
            await workflow.RaiseEventAsync(orderId, OrderEvents.Cancel, cancel, cancellationToken);
            await workflow.TryRaiseEventAsync(OrderOrchestration.IssuanceInstanceId(orderId), OrderEvents.Cancel, cancel, cancellationToken);
            return new(LifecycleOutcome.Started, orderId, "The running order will stop and be refunded.");
        }
        if (status == OrderStatus.Active && order!.NotBefore is { } issuedAt)
        {
            if (now - issuedAt > RefundWindow) return new(LifecycleOutcome.WrongState, null, $"Issued more than {RefundWindow.TotalDays:0} days ago: outside the refund window. Revoke it instead.");
            return await StartAsync(nameof(CancelIssuedOrchestration), new CancelIssuedRequest(orderId, order.CaName, order.CertificateName!, reason),
                OrderOrchestration.CancelIssuedInstanceId(orderId), cancellationToken);
        }
        return new(LifecycleOutcome.WrongState, null, $"An order that is {status.Display()} cannot be cancelled.");
    }

    public async Task<LifecycleResult> RevokeAsync(string orderId, string reasonName, int reason, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is null) return new(LifecycleOutcome.NotFound, null, null);
        if (order.Status != OrderStatus.Active) return new(LifecycleOutcome.WrongState, null, $"Only an ACTIVE certificate can be revoked; this order is {order.Status.Display()}.");
        return await StartAsync(nameof(RevokeOrchestration), new RevokeRequest(orderId, order.CaName, order.CertificateName!, reason, reasonName), $"revoke-{orderId}-{order.SerialNumber}", cancellationToken);
    }

    public async Task<LifecycleResult> ReissueAsync(string orderId, IReadOnlyList<string> addNames, KeyAlgorithm? key, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is null) return new(LifecycleOutcome.NotFound, null, null);
        if (order.Status != OrderStatus.Active) return new(LifecycleOutcome.WrongState, null, $"Only an ACTIVE certificate can be reissued; this order is {order.Status.Display()}.");
        if (addNames.Count > 0 && Domain.Products.ProductCatalog.Find(order.ProductCode) is { IsSmime: true }) return new(LifecycleOutcome.WrongState, null, "An S/MIME certificate names one mailbox; it cannot take more names.");
        if (addNames.Count > 0 && order.ProductCode == "dv-single") return new(LifecycleOutcome.WrongState, null, "A single-domain certificate cannot take more names; order a multi-domain product.");
        var names = order.DnsNames.Concat(addNames).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > OrderRequestValidator.MaxDomains) return new(LifecycleOutcome.WrongState, null, $"At most {OrderRequestValidator.MaxDomains} names per certificate.");
        var method = Enum.Parse<DcvMethod>(order.DcvMethod);
        // No key named: the current certificate's (not a default, which would switch an RSA order to EC).
        key ??= await CurrentKey.OfAsync(vault, order.CertificateName, cancellationToken) ?? KeyAlgorithm.EcP256;
        var request = new ReissueRequest(orderId, order.CaName, order.ProductCode, names, method, order.ContactEmail, order.CertificateName!, key.Value, 0,
            order.Subject, options.ValidationPollInterval);
        return await StartAsync(nameof(ReissueOrchestration), request, $"reissue-{orderId}-{order.SerialNumber}", cancellationToken);
    }

    /// <summary>Sends the approver email again: only while domain control is being validated by email at a CA that sends one.</summary>
    public async Task<LifecycleResult> ResendApprovalAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is null) return new(LifecycleOutcome.NotFound, null, null);
        if (WaitingForDcv(order) is { } why) return new(LifecycleOutcome.WrongState, null, why);
        if (order.DcvMethod != nameof(DcvMethod.Email)) return new(LifecycleOutcome.WrongState, null, $"This order validates by {order.DcvMethod}; there is no approval email to resend.");
        try
        {
            await authorities.Get(order.CaName).ResendApprovalAsync(order.CaReference!, cancellationToken);
        }
        catch (NotSupportedException ex)
        {
            return new(LifecycleOutcome.WrongState, null, ex.Message);
        }
        return new(LifecycleOutcome.Done, order.WorkflowInstanceId, "The approval email was sent again.");
    }

    /// <summary>
    /// Switches the DCV method while domain control is being validated: the CA is asked first (it returns the new answers),
    /// then the waiting pipeline is told, which puts automated answers in place and emails the customer the new instructions.
    /// </summary>
    public async Task<LifecycleResult> ChangeDcvMethodAsync(string orderId, DcvMethod method, string? approverEmail, DateOnly today, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is null) return new(LifecycleOutcome.NotFound, null, null);
        if (WaitingForDcv(order) is { } why) return new(LifecycleOutcome.WrongState, null, why);
        if (Domain.Products.ProductCatalog.Find(order.ProductCode) is { IsSmime: true })
        {
            // The sandbox CA (as commercial ones) proves control of a mailbox only by an email challenge to that mailbox.
            return new(LifecycleOutcome.Invalid, null, null, [("dcvMethod", "An S/MIME order validates its mailbox by an email challenge; its method cannot be changed.")]);
        }
        var errors = new List<(string Field, string Reason)>();
        var kind = method switch { DcvMethod.Http01 => DcvMethodKind.Http01, DcvMethod.Dns01 => DcvMethodKind.Dns01, _ => DcvMethodKind.Email };
        foreach (var name in order.DnsNames)
        {
            if (DcvMethods.RefusalFor(kind, name) is { } refusal) errors.Add(("dcvMethod", $"{refusal} ('{name}')"));
            if (kind == DcvMethodKind.Email && ApproverEmailOptions.Check(approverEmail, name, today).Error is { } bad) errors.Add(("approverEmail", bad));
        }
        if (kind != DcvMethodKind.Email && approverEmail is not null) errors.Add(("approverEmail", "Only email validation takes an approver address."));
        if (errors.Count > 0) return new(LifecycleOutcome.Invalid, null, null, errors.Distinct().ToList());
        // Durable drops an event to an instance that has ended: ask first, before the CA is asked to change anything.
        if (await workflow.GetInstanceAsync(order.WorkflowInstanceId!, getInputsAndOutputs: false, cancellationToken) is not { } pipeline || !pipeline.IsLive())
        {
            return new(LifecycleOutcome.WrongState, null, NotWaiting);
        }
        IReadOnlyList<DcvChallenge> challenges;
        try
        {
            challenges = await authorities.Get(order.CaName).ChangeDcvMethodAsync(order.CaReference!, method, approverEmail?.Trim().ToLowerInvariant(), cancellationToken);
        }
        catch (NotSupportedException ex)
        {
            return new(LifecycleOutcome.WrongState, null, ex.Message);
        }
        if (!await workflow.TryRaiseEventAsync(order.WorkflowInstanceId!, OrderEvents.DcvMethodChanged, new DcvMethodChanged(method, challenges), cancellationToken))
        {
            return new(LifecycleOutcome.WrongState, null, NotWaiting); // it ended while the CA was being asked
        }
        return new(LifecycleOutcome.Done, order.WorkflowInstanceId, $"Domain control will be validated by {kind.WireName()}; the new instructions are on their way by email.");
    }

    private const string NotWaiting = "The order is not waiting for domain control validation any more.";

    private static string? WaitingForDcv(OrderRecord order) =>
        order.Status != OrderStatus.ActivationInProgress || order.SubStatus != OrderSubStatus.DomainControlValidation || order.CaReference is null || order.WorkflowInstanceId is null
            ? $"Possible only while domain control validation is in progress; this order is {order.Status.Display()}{(order.SubStatus.Display() is { } sub ? $" ({sub})" : "")}."
            : null;

    private async Task<LifecycleResult> StartAsync(string name, object input, string instanceId, CancellationToken cancellationToken)
    {
        return await workflow.TryStartAsync(name, input, instanceId, cancellationToken)
            ? new(LifecycleOutcome.Started, instanceId, null)
            : new(LifecycleOutcome.AlreadyRunning, instanceId, "This request was made already.");
    }

    /// <summary>The current certificate and its chain as PEM (certificates only: the private key never leaves the vault).</summary>
    public async Task<string?> GetChainPemAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order?.CertificateName is not { } name || order.SerialNumber is null) return null;
        var cert = await vault.GetCertificateAsync(name, cancellationToken);
        return cert is null ? null : string.Concat(cert.ChainDer.Select(der => System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", der) + "\n"));
    }

    public async Task<OrderView?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var record = await orders.GetAsync(orderId, cancellationToken);
        // The input is read only for an order whose first step has not run yet.
        var instance = await workflow.GetInstanceAsync(orderId, getInputsAndOutputs: record is null, cancellationToken);
        if (record is null)
        {
            // Accepted but the first step has not run yet: the orchestration input is the order.
            var input = instance?.SerializedInput is not null ? instance.ReadInputAs<OrderInput>() : null;
            if (input is null) return null;
            return new OrderView(orderId, OrderStatus.PendingActivation.Display(), null, ResellerStates.Of(OrderStatus.PendingActivation), input.ProductCode,
                input.DnsNames, input.DcvMethod.ToString(), null, null, null, null, null, instance!.CreatedAt, instance.LastUpdatedAt,
                instance.RuntimeStatus.ToString(), [], input.Warnings ?? [], OrganizationProfileId: input.OrganizationProfileId,
                Customer: input.Customer, Subject: SubjectView.Of(input.Subject)) { Mailbox = MailboxOf(input.ProductCode, input.DnsNames) };
        }
        var transitions = await orders.GetTransitionsAsync(orderId, cancellationToken);
        var view = ToView(record, instance, transitions);
        return installation is null ? view : view with { Installations = await installation.ListAsync(orderId, cancellationToken) };
    }

    /// <summary>Install targets of a new order (issue 17): the request's, else the caller's default; errors name the field.</summary>
    public List<(string Field, string Reason)> ValidateInstallTargets(IReadOnlyList<System.Text.Json.JsonElement>? requested, string caller, NormalisedOrder order, out NormalisedOrder withTargets)
    {
        withTargets = order;
        if (order.Level is Domain.Products.ValidationLevel.Mailbox or Domain.Products.ValidationLevel.Individual or Domain.Products.ValidationLevel.Sponsor)
        {
            // An S/MIME certificate goes to a mail client, not a web server: a default set of install targets is not for it.
            return requested is { Count: > 0 } ? [("installTargets", "S/MIME certificates are not installed on servers; leave installTargets out.")] : [];
        }
        if (installation is null)
        {
            return requested is { Count: > 0 } ? [("installTargets", "This deployment installs certificates nowhere.")] : [];
        }
        var errors = installation.Validate(requested, caller, order, out var targets);
        withTargets = order with { InstallTargets = targets };
        return errors;
    }

    /// <summary>Runs the installation of the current certificate again on the order's targets.</summary>
    public async Task<LifecycleResult> InstallAsync(string orderId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is null) return new(LifecycleOutcome.NotFound, null, null);
        if (order.Status != OrderStatus.Active || order.SerialNumber is null || order.CertificateName is null)
        {
            return new(LifecycleOutcome.WrongState, null, $"Only an ACTIVE certificate can be installed; this order is {order.Status.Display()}.");
        }
        if (installation is null || (await installation.ListAsync(orderId, cancellationToken)).Count == 0)
        {
            return new(LifecycleOutcome.WrongState, null, "This order has no install targets.");
        }
        await InstallationIntake.RetryAsync(workflow, order, now, cancellationToken);
        return new(LifecycleOutcome.Started, InstallCertificateOrchestration.InstanceId(orderId, order.SerialNumber), $"Installing serial {order.SerialNumber} again.");
    }

    public async Task<OrderListView> ListAsync(OrderStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await orders.ListAsync(status?.ToString(), pageSize, continuationToken, cancellationToken);
        return new OrderListView(page.Orders.Select(o => ToView(o, null, [])).ToList(), Http.PageTokens.Encode(page.ContinuationToken));
    }

    /// <summary>The order that has this CA reference, as a list of zero or one (the same shape as <see cref="ListAsync"/>).</summary>
    public async Task<OrderListView> FindByCaReferenceAsync(string caReference, CancellationToken cancellationToken)
    {
        var orderId = await orders.FindOrderIdByCaReferenceAsync(caReference, cancellationToken);
        var view = orderId is null ? null : await GetAsync(orderId, cancellationToken);
        return new OrderListView(view is null ? [] : [view], null);
    }

    private static OrderView ToView(OrderRecord o, OrchestrationMetadata? instance, IReadOnlyList<OrderTransition> transitions) => new(
        o.OrderId, o.Status.Display(), o.SubStatus.Display(), ResellerStates.Of(o.Status), o.ProductCode, o.DnsNames, o.DcvMethod,
        o.CaReference, o.SerialNumber, o.NotBefore, o.NotAfter, o.LastError, o.CreatedAt, o.UpdatedAt,
        instance?.RuntimeStatus.ToString(),
        transitions.Select(t => new TransitionView(t.At, t.From?.Display(), t.To.Display(), t.SubStatus.Display(), TransitionCause.CodeOf(t.Cause), t.Actor.ToString(), t.Detail)).ToList(),
        o.Warnings ?? [], Mailbox: MailboxOf(o.ProductCode, o.DnsNames), OrganizationProfileId: o.OrganizationProfileId,
        Customer: o.Customer, Subject: SubjectView.Of(o.Subject));

    /// <summary>An S/MIME order's one name is its mailbox (null for TLS, and for a purchase not activated yet).</summary>
    private static string? MailboxOf(string productCode, IReadOnlyList<string> names) =>
        names.Count > 0 && Domain.Products.ProductCatalog.Find(productCode) is { IsSmime: true } ? names[0] : null;

    private static string NewOrderId() => "ord-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    private static string DerivedOrderId(string caller, string key) =>
        "ord-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}\n{key}")))[..20];
}

public sealed class OrderServiceOptions
{
    /// <summary>The CA for DV orders validated by http-01/dns-01.</summary>
    public string DefaultCa { get; set; } = "acme";

    /// <summary>The CA for OV/EV/S/MIME orders and email DCV (a reseller order API; the sandbox CA locally).</summary>
    public string ValidatedCa { get; set; } = "sandbox";

    /// <summary>How often a waiting validation step asks the CA (recovers lost webhooks); null = the pipeline's default (4 h).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan? ValidationPollInterval { get; set; }

    /// <summary>When a saved (purchased, not activated) order is reminded, after its purchase; null = <see cref="Domain.Purchases.SavedOrderPolicy.Default"/>.</summary>
    public List<TimeSpan>? SavedOrderReminders { get; set; }

    /// <summary>When a saved order lapses and is refunded, after its purchase; null = <see cref="Domain.Purchases.SavedOrderPolicy.Default"/>.</summary>
    public TimeSpan? SavedOrderExpiry { get; set; }
}
