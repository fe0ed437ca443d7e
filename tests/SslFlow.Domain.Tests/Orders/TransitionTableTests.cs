using SslFlow.Domain.Orders;

namespace SslFlow.Domain.Tests.Orders;

public class TransitionTableTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    // Sub-statuses chosen so a self-transition inside ACTIVATION IN PROGRESS is a real step change.
    private static OrderState FromState(OrderStatus s) => new(s, s == OrderStatus.ActivationInProgress ? OrderSubStatus.DomainControlValidation : OrderSubStatus.None);
    private static OrderState ToState(OrderStatus s) => new(s, s == OrderStatus.ActivationInProgress ? OrderSubStatus.OrganizationChecks : OrderSubStatus.None);

    public static TheoryData<OrderStatus, OrderStatus, TransitionCauseKind> Legal()
    {
        var data = new TheoryData<OrderStatus, OrderStatus, TransitionCauseKind>();
        foreach (var rule in TransitionTable.Rules)
        foreach (var cause in rule.Causes)
            data.Add(rule.From, rule.To, cause);
        return data;
    }

    // The complement of the table over every status × status × cause: cannot drift from the table.
    public static TheoryData<OrderStatus, OrderStatus, TransitionCauseKind> Illegal()
    {
        var data = new TheoryData<OrderStatus, OrderStatus, TransitionCauseKind>();
        foreach (var from in Enum.GetValues<OrderStatus>())
        foreach (var to in Enum.GetValues<OrderStatus>())
        foreach (var cause in Enum.GetValues<TransitionCauseKind>())
        {
            if (TransitionTable.Rules.Any(r => r.From == from && r.To == to && r.Causes.Contains(cause))) continue;
            data.Add(from, to, cause);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void Every_legal_transition_is_accepted_and_audited(OrderStatus from, OrderStatus to, TransitionCauseKind cause)
    {
        var entry = OrderStateMachine.Transition(FromState(from), ToState(to), new TransitionCause(cause, "because"), OrderActor.System, At);

        Assert.Equal(At, entry.At);
        Assert.Equal(from, entry.From);
        Assert.Equal(to, entry.To);
        Assert.Equal(ToState(to).SubStatus, entry.SubStatus);
        Assert.Equal(cause, entry.CauseKind);
        Assert.Equal(TransitionCause.CodeOf(cause), entry.CauseCode);
        Assert.Equal("because", entry.Reason);
        Assert.Equal(OrderActor.System, entry.Actor);
        Assert.True(OrderStateMachine.CanTransition(FromState(from), ToState(to), cause));
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void Every_illegal_transition_throws_naming_from_and_to(OrderStatus from, OrderStatus to, TransitionCauseKind cause)
    {
        var ex = Assert.Throws<IllegalTransitionException>(() =>
            OrderStateMachine.Transition(FromState(from), ToState(to), new TransitionCause(cause, "x"), OrderActor.Operator, At));

        Assert.Contains(from.Display(), ex.Message);
        Assert.Contains(to.Display(), ex.Message);
        Assert.Equal(from, ex.From.Status);
        Assert.Equal(to, ex.To.Status);
        Assert.False(OrderStateMachine.CanTransition(FromState(from), ToState(to), cause));
    }

    [Fact]
    public void The_table_has_one_rule_per_edge_and_no_empty_cause_sets()
    {
        Assert.Equal(TransitionTable.Rules.Count, TransitionTable.Rules.Select(r => (r.From, r.To)).Distinct().Count());
        Assert.All(TransitionTable.Rules, r => Assert.NotEmpty(r.Causes));
        Assert.DoesNotContain(TransitionTable.Rules, r => r.Causes.Contains(TransitionCauseKind.Created));
    }

    [Fact]
    public void Refunded_is_the_only_terminal_status_and_every_status_is_reachable()
    {
        Assert.Equal([OrderStatus.Refunded], Enum.GetValues<OrderStatus>().Where(TransitionTable.IsTerminal));
        var reachable = new HashSet<OrderStatus> { OrderStatus.PendingActivation };
        var frontier = new Queue<OrderStatus>(reachable);
        while (frontier.TryDequeue(out var s))
            foreach (var t in TransitionTable.TargetsFrom(s))
                if (reachable.Add(t)) frontier.Enqueue(t);
        Assert.Equal(Enum.GetValues<OrderStatus>().ToHashSet(), reachable);
    }

    [Fact]
    public void Revoked_leads_to_a_refund_only_when_the_cause_is_cancel()
    {
        var revoked = new OrderState(OrderStatus.Revoked);
        var entry = OrderStateMachine.Transition(revoked, OrderStatus.ToBeRefunded, OrderSubStatus.None, TransitionCauseKind.Cancelled, "cancel in refund window", OrderActor.Customer, At);
        Assert.Equal("cancel", entry.CauseCode);
        Assert.Throws<IllegalTransitionException>(() =>
            OrderStateMachine.Transition(revoked, OrderStatus.ToBeRefunded, OrderSubStatus.None, TransitionCauseKind.Revoked, "x", OrderActor.Customer, At));
    }

    [Fact]
    public void A_step_change_inside_activation_in_progress_must_change_the_sub_status()
    {
        var dcv = new OrderState(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);
        Assert.Throws<IllegalTransitionException>(() =>
            OrderStateMachine.Transition(dcv, dcv, new TransitionCause(TransitionCauseKind.StepCompleted, "same"), OrderActor.CertificateAuthority, At));
        var ev = OrderStateMachine.Transition(dcv, new OrderState(OrderStatus.ActivationInProgress, OrderSubStatus.AdditionalEvChecks),
            new TransitionCause(TransitionCauseKind.StepCompleted, "dcv done"), OrderActor.CertificateAuthority, At);
        Assert.Equal(OrderSubStatus.AdditionalEvChecks, ev.State.SubStatus);
    }

    [Theory]
    [InlineData(OrderStatus.Active)]
    [InlineData(OrderStatus.ActivationError)]
    [InlineData(OrderStatus.ToBeRefunded)]
    public void Sub_statuses_belong_only_to_activation_in_progress(OrderStatus to)
    {
        var from = new OrderState(OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation);
        var kind = TransitionTable.Find(from.Status, to)!.Causes.First();
        var ex = Assert.Throws<IllegalTransitionException>(() =>
            OrderStateMachine.Transition(from, new OrderState(to, OrderSubStatus.OrganizationChecks), new TransitionCause(kind, "x"), OrderActor.System, At));
        Assert.Contains("only allowed with ACTIVATION IN PROGRESS", ex.Message);
        Assert.Throws<IllegalTransitionException>(() =>
            OrderStateMachine.Transition(new OrderState(OrderStatus.Active, OrderSubStatus.OrganizationChecks), new OrderState(OrderStatus.Active),
                new TransitionCause(TransitionCauseKind.Renewed, "x"), OrderActor.System, At));
    }

    [Fact]
    public void Activation_in_progress_may_carry_no_sub_status()
    {
        var entry = OrderStateMachine.Transition(OrderState.Initial, OrderStatus.ActivationInProgress, OrderSubStatus.None, TransitionCauseKind.Submitted, "submitted", OrderActor.Customer, At);
        Assert.Equal(OrderSubStatus.None, entry.SubStatus);
    }

    [Fact]
    public void Create_is_the_only_entry_without_a_from()
    {
        var entry = OrderStateMachine.Create(At, OrderActor.Customer);
        Assert.Null(entry.From);
        Assert.Equal(OrderStatus.PendingActivation, entry.To);
        Assert.Equal("created", entry.CauseCode);
    }

    [Fact]
    public void A_whole_lifecycle_cancel_after_issuance_walks_the_table()
    {
        var steps = new (OrderStatus To, OrderSubStatus Sub, TransitionCauseKind Cause)[]
        {
            (OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation, TransitionCauseKind.Submitted),
            (OrderStatus.ActivationInProgress, OrderSubStatus.OrganizationChecks, TransitionCauseKind.StepCompleted),
            (OrderStatus.ActivationInProgress, OrderSubStatus.AdditionalEvChecks, TransitionCauseKind.StepCompleted),
            (OrderStatus.Active, OrderSubStatus.None, TransitionCauseKind.Issued),
            (OrderStatus.Active, OrderSubStatus.None, TransitionCauseKind.Reissued),
            (OrderStatus.Revoked, OrderSubStatus.None, TransitionCauseKind.Cancelled),
            (OrderStatus.ToBeRefunded, OrderSubStatus.None, TransitionCauseKind.Cancelled),
            (OrderStatus.Refunded, OrderSubStatus.None, TransitionCauseKind.Refunded),
        };
        var state = OrderState.Initial;
        foreach (var (to, sub, cause) in steps)
            state = OrderStateMachine.Transition(state, to, sub, cause, cause.ToString(), OrderActor.System, At).State;
        Assert.Equal(new OrderState(OrderStatus.Refunded), state);
    }

    [Theory]
    [InlineData(OrderStatus.PendingActivation, ResellerView.Pending)]
    [InlineData(OrderStatus.ActivationInProgress, ResellerView.InProgress)]
    [InlineData(OrderStatus.ToBeRefunded, ResellerView.InProgress)]
    [InlineData(OrderStatus.Active, ResellerView.Completed)]
    [InlineData(OrderStatus.ActivationError, ResellerView.Completed)]
    [InlineData(OrderStatus.Refunded, ResellerView.Completed)]
    [InlineData(OrderStatus.Revoked, ResellerView.Completed)]
    [InlineData(OrderStatus.CertificateDisabled, ResellerView.Completed)]
    public void Reseller_view_maps_every_status(OrderStatus status, ResellerView view)
    {
        Assert.Equal(view, ResellerViews.Of(status));
        Assert.False(string.IsNullOrEmpty(ResellerViews.Of(status).Display()));
    }

    [Fact]
    public void Every_status_and_sub_status_has_a_display_name_and_every_cause_a_code()
    {
        Assert.All(Enum.GetValues<OrderStatus>(), s => Assert.False(string.IsNullOrEmpty(s.Display())));
        Assert.All(Enum.GetValues<OrderSubStatus>().Where(s => s != OrderSubStatus.None), s => Assert.False(string.IsNullOrEmpty(s.Display())));
        var codes = Enum.GetValues<TransitionCauseKind>().Select(TransitionCause.CodeOf).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }
}
