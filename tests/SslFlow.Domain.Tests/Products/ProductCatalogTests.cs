using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;

namespace SslFlow.Domain.Tests.Products;

public class ProductCatalogTests
{
    [Theory]
    [InlineData("dv-single", ValidationLevel.Domain, 45)]
    [InlineData("dv-multi", ValidationLevel.Domain, 45)]
    [InlineData("dv-wildcard", ValidationLevel.Domain, 45)]
    [InlineData("ov-single", ValidationLevel.Organization, 60)]
    [InlineData("ov-multi", ValidationLevel.Organization, 60)]
    [InlineData("ov-wildcard", ValidationLevel.Organization, 60)]
    [InlineData("ev-single", ValidationLevel.Extended, 60)]
    [InlineData("ev-multi", ValidationLevel.Extended, 60)]
    [InlineData("smime-basic", ValidationLevel.Mailbox, 45)]
    [InlineData("smime-pro", ValidationLevel.Individual, 60)]
    [InlineData("smime-enterprise", ValidationLevel.Sponsor, 60)]
    public void Products_have_their_level_and_overall_deadline(string code, ValidationLevel level, int deadlineDays)
    {
        var product = ProductCatalog.Get(code);
        Assert.Equal(level, product.Level);
        Assert.Equal(TimeSpan.FromDays(deadlineDays), product.Plan.OverallDeadline);
    }

    [Fact]
    public void Plans_follow_the_validation_level()
    {
        Assert.Equal([ValidationStepKind.DomainControl], Kinds("dv-single"));
        Assert.Equal([ValidationStepKind.DomainControl, ValidationStepKind.Organization], Kinds("ov-multi"));
        Assert.Equal([ValidationStepKind.DomainControl, ValidationStepKind.Organization, ValidationStepKind.EvExtraChecks], Kinds("ev-single"));
        Assert.Equal([ValidationStepKind.EmailControl], Kinds("smime-basic"));
        Assert.Equal([ValidationStepKind.IdentityDocument, ValidationStepKind.EmailControl], Kinds("smime-pro"));
        Assert.Contains(ValidationStepKind.Callback, Kinds("smime-enterprise"));
        Assert.Equal(OrderSubStatus.AdditionalEvChecks, ProductCatalog.Get("ev-single").Plan.SubStatusAt(2));
        Assert.Equal("organization.validated", ProductCatalog.Get("ov-single").Plan.Steps[1].CompletionEvent);
    }

    [Fact]
    public void Every_plan_can_be_walked_by_the_state_machine_within_its_deadline()
    {
        var at = DateTimeOffset.UnixEpoch;
        foreach (var product in ProductCatalog.All)
        {
            Assert.NotEmpty(product.Plan.Steps);
            Assert.True(product.Plan.Steps.Aggregate(TimeSpan.Zero, (t, s) => t + s.Timeout) <= product.Plan.OverallDeadline, product.Code);
            var state = OrderStateMachine.Transition(OrderState.Initial, OrderStatus.ActivationInProgress, product.Plan.SubStatusAt(0),
                TransitionCauseKind.Submitted, "submit", OrderActor.Customer, at).State;
            for (var i = 1; i < product.Plan.Steps.Count; i++)
                state = OrderStateMachine.Transition(state, OrderStatus.ActivationInProgress, product.Plan.SubStatusAt(i),
                    TransitionCauseKind.StepCompleted, "next", OrderActor.CertificateAuthority, at).State;
            OrderStateMachine.Transition(state, OrderStatus.Active, OrderSubStatus.None, TransitionCauseKind.Issued, "issued", OrderActor.CertificateAuthority, at);
        }
    }

    [Fact]
    public void Step_deadline_is_capped_by_the_overall_deadline()
    {
        var plan = ProductCatalog.Get("ov-single").Plan;
        var submitted = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(submitted.AddDays(30), plan.DeadlineFor(0, submitted, submitted));
        Assert.Equal(submitted.AddDays(60), plan.DeadlineFor(1, submitted.AddDays(40), submitted));
    }

    [Fact]
    public void Codes_are_unique_and_lookup_is_case_insensitive()
    {
        Assert.Equal(ProductCatalog.All.Count, ProductCatalog.Codes.Distinct().Count());
        Assert.Equal("dv-single", ProductCatalog.Find(" DV-Single ")!.Code);
        Assert.Null(ProductCatalog.Find("nope"));
        Assert.False(ProductCatalog.Get("ev-single").AllowsWildcard);
        Assert.True(ProductCatalog.Get("dv-wildcard").AllowsWildcard);
        Assert.Equal(97, ProductCatalog.Get("dv-multi").MaxExtraNames);
    }

    private static ValidationStepKind[] Kinds(string code) => ProductCatalog.Get(code).Plan.Steps.Select(s => s.Kind).ToArray();
}
