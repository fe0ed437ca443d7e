using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Purchases;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// A purchase (a saved order): bought at <paramref name="PurchasedAt"/>, reminded after each of <paramref name="RemindAfter"/>,
/// cancelled and refunded after <paramref name="ExpireAfter"/> (<see cref="SavedOrderPolicy"/>; settings, so tests run them short).
/// <paramref name="ExtraSans"/>: the names bought beyond the product's own, which bound the activation's names.
/// </summary>
public sealed record SavedOrderSettings(DateTimeOffset PurchasedAt, IReadOnlyList<TimeSpan> RemindAfter, TimeSpan ExpireAfter, int ExtraSans = 0);

/// <summary>
/// The validated activation of a saved order, raised as <see cref="PurchaseEvents.Activate"/>; <paramref name="CaName"/> is
/// chosen for its level and DCV method; <paramref name="OrganizationProfileId"/>: the profile the details came from.
/// </summary>
public sealed record Activation(string CaName, IReadOnlyList<string> DnsNames, DcvMethod DcvMethod, string? ContactEmail, string? ApproverEmail,
    KeyAlgorithm Key, SubjectDetails? Subject, string? OrganizationProfileId = null);

public static class PurchaseEvents
{
    public const string Activate = "activate";
}

/// <summary>
/// The wait of a saved order in PENDING ACTIVATION: the activation raced against the order's cancel and the next timer of
/// the policy. A reminder emails the customer and waits again; the expiry or a cancel refunds (TO BE REFUNDED → REFUNDED)
/// without any CA call, since nothing was placed at a CA yet. The durable timer and the event survive host restarts.
/// </summary>
public static class SavedOrderWait
{
    public sealed record Outcome(OrderInput? Activated, OrderResult? Refunded);

    public static async Task<Outcome> RunAsync(TaskOrchestrationContext context, OrderInput input, Task<CancelRequest> cancel)
    {
        var saved = input.Saved!;
        var policy = new SavedOrderPolicy(saved.RemindAfter, saved.ExpireAfter);
        using var stop = new CancellationTokenSource();
        var activate = context.WaitForExternalEvent<Activation>(PurchaseEvents.Activate, stop.Token);
        context.SetCustomStatus(new OrderProgress(OrderStatus.PendingActivation.Display(), null, null, "activation details"));
        while (true)
        {
            var next = policy.Next(saved.PurchasedAt, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero));
            using var timerCts = new CancellationTokenSource();
            var timer = context.CreateTimer(next.At.UtcDateTime, timerCts.Token);
            var winner = await Task.WhenAny(activate, cancel, timer);
            if (winner != timer) timerCts.Cancel();
            if (winner == activate)
            {
                var a = await activate;
                context.SetCustomStatus(new OrderProgress(OrderStatus.PendingActivation.Display(), null, null, "submission to the certificate authority"));
                return new(input with
                {
                    CaName = a.CaName,
                    DnsNames = a.DnsNames,
                    DcvMethod = a.DcvMethod,
                    ContactEmail = a.ContactEmail ?? input.ContactEmail,
                    ApproverEmail = a.ApproverEmail,
                    Key = a.Key,
                    Subject = a.Subject,
                    OrganizationProfileId = a.OrganizationProfileId,
                }, null);
            }
            if (winner == cancel)
            {
                stop.Cancel();
                var reason = (await cancel).Reason;
                await RefundPath.RunAsync(context, input.OrderId, reason, OrderActor.Customer, 300);
                return new(null, new OrderResult(input.OrderId, OrderStatus.Refunded.Display(), null, reason));
            }
            if (next.Kind == SavedOrderEventKind.Expiry)
            {
                stop.Cancel();
                var reason = $"The purchase lapsed: not activated within {saved.ExpireAfter.TotalDays:0.##} days.";
                await RefundPath.RunAsync(context, input.OrderId, reason, OrderActor.System, 300);
                return new(null, new OrderResult(input.OrderId, OrderStatus.Refunded.Display(), null, reason));
            }
            var left = saved.PurchasedAt + saved.ExpireAfter - next.At;
            await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.ActivationReminder, 10 + next.Number,
                $"Without activation the purchase lapses in {left.TotalDays:0.##} days and is refunded."));
        }
    }
}
