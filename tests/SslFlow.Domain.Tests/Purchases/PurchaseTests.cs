using SslFlow.Domain.Intake;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;
using SslFlow.Domain.Purchases;
using SslFlow.Domain.Tests.Organizations;

namespace SslFlow.Domain.Tests.Purchases;

public class PurchaseTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    [Fact]
    public void A_purchase_needs_only_the_product_and_the_extra_sans()
    {
        var result = PurchaseIntake.Validate(new PurchaseRequest("ov-multi", 4));
        Assert.True(result.IsValid);
        Assert.Equal(7, result.Purchase!.NamesPaidFor);
        Assert.Equal("productCode", Assert.Single(PurchaseIntake.Validate(new PurchaseRequest("gold")).Errors).Field);
        Assert.Equal("productCode", Assert.Single(PurchaseIntake.Validate(new PurchaseRequest(null)).Errors).Field);
        Assert.Equal("extraSans", Assert.Single(PurchaseIntake.Validate(new PurchaseRequest("ov-single", 1)).Errors).Field);
        Assert.Equal("extraSans", Assert.Single(PurchaseIntake.Validate(new PurchaseRequest("dv-multi", -1)).Errors).Field);
        Assert.Equal("extraSans", Assert.Single(PurchaseIntake.Validate(new PurchaseRequest("dv-multi", 98)).Errors).Field);
        Assert.Equal("body", Assert.Single(PurchaseIntake.Validate(null).Errors).Field);
    }

    [Fact]
    public void Activation_validates_names_and_details_of_the_purchased_product_at_once()
    {
        var purchase = PurchaseIntake.Validate(new PurchaseRequest("ov-multi", 1)).Purchase!;
        var ok = ActivationIntake.Validate(purchase, new ActivationRequest(["a.example.com", "b.example.com", "c.example.com", "d.example.com"], "dns-01",
            Organization: SubjectDetailsRulesTests.Org, Contacts: SubjectDetailsRulesTests.Contacts), Today);
        Assert.True(ok.IsValid, string.Join("; ", ok.Errors));
        Assert.Equal("ov-multi", ok.Spec!.Order.Product.Code);
        Assert.Equal(1, ok.Spec.Order.ExtraSans);
        Assert.Equal("IT", ok.Spec.Details.Organization!.Country);

        var bad = ActivationIntake.Validate(purchase, new ActivationRequest(["a.example.com", "b.example.com", "c.example.com", "d.example.com", "e.example.com"], "dns-01",
            Organization: SubjectDetailsRulesTests.Org with { Country = "UK" }), Today);
        Assert.Equal(["domains", "organization.country", "contacts.admin", "contacts.technical"], bad.Errors.Select(e => e.Field));
        Assert.Equal("body", Assert.Single(ActivationIntake.Validate(purchase, null, Today).Errors).Field);
    }

    [Fact]
    public void Create_and_submit_in_one_call_keeps_working_with_details()
    {
        Assert.True(ActivationIntake.ValidateOrder(new OrderRequest("dv-single", ["www.example.com"]), null, Today).IsValid);
        var pro = ActivationIntake.ValidateOrder(new OrderRequest("smime-pro", null, Mailbox: "maria@example.com"), new SubjectDetailsRequest(Person: new("Maria", "Rossi")), Today);
        Assert.Equal("Maria Rossi", pro.Spec!.Details.Person!.CommonName);
        Assert.Equal(["person"], ActivationIntake.ValidateOrder(new OrderRequest("smime-pro", null, Mailbox: "maria@example.com"), null, Today).Errors.Select(e => e.Field));
        Assert.Equal(["productCode"], ActivationIntake.ValidateOrder(new OrderRequest("gold", ["www.example.com"]), null, Today).Errors.Select(e => e.Field));
    }

    [Fact]
    public void A_saved_order_is_reminded_then_lapses_and_is_refunded()
    {
        var purchased = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var schedule = SavedOrderPolicy.Default.Schedule(purchased);
        Assert.Equal([7, 30, 83, 90], schedule.Select(e => (int)(e.At - purchased).TotalDays));
        Assert.Equal([SavedOrderEventKind.Reminder, SavedOrderEventKind.Reminder, SavedOrderEventKind.Reminder, SavedOrderEventKind.Expiry], schedule.Select(e => e.Kind));
        Assert.Equal(2, SavedOrderPolicy.Default.Next(purchased, purchased.AddDays(7)).Number); // the first reminder's instant is past
        Assert.Equal(SavedOrderEventKind.Expiry, SavedOrderPolicy.Default.Next(purchased, purchased.AddDays(85)).Kind);
        Assert.Equal(SavedOrderEventKind.Expiry, SavedOrderPolicy.Default.Next(purchased, purchased.AddDays(400)).Kind); // a host down for long: expire now

        // Settings shorten it (tests, demos); reminders at or past the expiry are dropped.
        var shortPolicy = new SavedOrderPolicy([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(9)], TimeSpan.FromMinutes(5));
        Assert.Equal([1.0, 2.0, 5.0], shortPolicy.Schedule(purchased).Select(e => (e.At - purchased).TotalMinutes));
    }
}
