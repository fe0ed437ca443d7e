using Microsoft.DurableTask.Client;
using SslFlow.Application.Workflow;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Rules;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Domain.Keys;

namespace SslFlow.Application.Orders;

/// <summary>
/// What is done to an order once placed: cancel (and refund), revoke, reissue, resend the approval email, change the DCV
/// method, install again. Each checks the order's state first and answers a <see cref="LifecycleResult"/>.
/// </summary>
public sealed class OrderLifecycle(DurableTaskClient workflow, IOrderStore orders, IVault vault, CertificateAuthorities authorities, OrderServiceOptions options,
    InstallationIntake? installation = null)
{
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
        foreach (var name in order.DnsNames)
        {
            if (DcvMethods.RefusalFor(method, name) is { } refusal) errors.Add(("dcvMethod", $"{refusal} ('{name}')"));
            if (method == DcvMethod.Email && ApproverEmailOptions.Check(approverEmail, name, today).Error is { } bad) errors.Add(("approverEmail", bad));
        }
        if (method != DcvMethod.Email && approverEmail is not null) errors.Add(("approverEmail", "Only email validation takes an approver address."));
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
        return new(LifecycleOutcome.Done, order.WorkflowInstanceId, $"Domain control will be validated by {method.WireName()}; the new instructions are on their way by email.");
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
}
