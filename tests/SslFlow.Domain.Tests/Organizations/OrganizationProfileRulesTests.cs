using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;

namespace SslFlow.Domain.Tests.Organizations;

public class OrganizationProfileRulesTests
{
    private static OrganizationRequest Acme(string name = "Acme Inc", string country = "US", string? registration = null) =>
        new(name, country, "DE", "Wilmington", "1 Main St", "19801", "+1 302 555 0100", registration);

    [Fact]
    public void A_profile_needs_a_name_and_the_ov_organization_fields_and_names_each_bad_field()
    {
        var result = OrganizationProfileRules.Validate(" ", Acme() with { Country = "Narnia", Phone = "555", Locality = null },
            new ContactsRequest(new ContactRequest("Ada", "nope", "+13025550101"), null));
        Assert.False(result.IsValid);
        Assert.Equal(["contacts.admin.email", "name", "organization.country", "organization.locality", "organization.phone"], result.Errors.Select(e => e.Field).Order());
        Assert.Equal("organization", Assert.Single(OrganizationProfileRules.Validate("x", null, null).Errors).Field);
        Assert.Equal("name", Assert.Single(OrganizationProfileRules.Validate(new string('n', 101), Acme(), null).Errors).Field);
    }

    [Fact]
    public void Contacts_are_optional_and_an_ev_field_makes_the_whole_ev_registration_required()
    {
        var ok = OrganizationProfileRules.Validate("Acme", Acme(), null);
        Assert.True(ok.IsValid);
        Assert.Null(ok.Details!.Contacts);
        Assert.Equal("US", ok.Details.Organization.Country);

        var halfEv = OrganizationProfileRules.Validate("Acme", Acme() with { BusinessCategory = "Private Organization" }, null);
        Assert.Equal(["organization.jurisdiction", "organization.registrationNumber"], halfEv.Errors.Select(e => e.Field).Order());
        var ev = OrganizationProfileRules.Validate("Acme", Acme(registration: "1234567") with { BusinessCategory = "Private Organization", Jurisdiction = new("US", "DE") }, null);
        Assert.Equal(BusinessCategory.PrivateOrganization, ev.Details!.Organization.Ev!.BusinessCategory);
    }

    [Fact]
    public void An_update_may_move_the_organization_but_not_change_which_organization_it_is()
    {
        var before = OrganizationProfileRules.Validate("a", Acme(registration: "DE 123"), null).Details!.Organization;
        Assert.Empty(OrganizationProfileRules.IdentityChanges(before, before with { Locality = "Dover", StreetAddress = "2 Side St", Phone = "+13025550199" }));
        // Spelling of the same name and registration is the same organization (the profile key's normalisation).
        Assert.Empty(OrganizationProfileRules.IdentityChanges(before, before with { LegalName = "ACME, Inc.", RegistrationNumber = "DE123" }));
        Assert.Equal(["organization.legalName"], OrganizationProfileRules.IdentityChanges(before, before with { LegalName = "Acme Ltd" }).Select(e => e.Field));
        Assert.Equal(["organization.country"], OrganizationProfileRules.IdentityChanges(before, before with { Country = "GB" }).Select(e => e.Field));
        Assert.Equal(["organization.registrationNumber"], OrganizationProfileRules.IdentityChanges(before, before with { RegistrationNumber = null }).Select(e => e.Field));
        var ev = before with { Ev = new EvRegistration(new Jurisdiction("US", "DE"), BusinessCategory.PrivateOrganization) };
        Assert.Equal(["organization.businessCategory", "organization.jurisdiction"],
            OrganizationProfileRules.IdentityChanges(ev, before with { Ev = new EvRegistration(new Jurisdiction("US", "NY"), BusinessCategory.BusinessEntity) }).Select(e => e.Field).Order());
    }

    [Fact]
    public void Merging_vettings_keeps_the_latest_then_the_strongest_in_any_order_and_is_idempotent()
    {
        var ov1 = new OrganizationVetting(ValidationLevel.Organization, new DateOnly(2026, 1, 1), "sandbox", "SBX-1");
        var ov2 = new OrganizationVetting(ValidationLevel.Organization, new DateOnly(2026, 6, 1), "sandbox", "SBX-2");
        var ev2 = new OrganizationVetting(ValidationLevel.Extended, new DateOnly(2026, 6, 1), "sandbox", "SBX-3");
        Assert.Equal(ov1, OrganizationProfileRules.Merge(null, ov1));
        Assert.Equal(ov2, OrganizationProfileRules.Merge(ov1, ov2));
        Assert.Equal(ov2, OrganizationProfileRules.Merge(ov2, ov1)); // a reused (older) vetting does not replace a newer one
        Assert.Equal(ev2, OrganizationProfileRules.Merge(ov2, ev2));
        Assert.Equal(ev2, OrganizationProfileRules.Merge(ev2, ov2));
        Assert.Equal(ev2, OrganizationProfileRules.Merge(ev2, ev2));
        var vettings = new[] { ov1, ov2, ev2 };
        var orders = new[] { new[] { 0, 1, 2 }, [2, 1, 0], [1, 2, 0], [0, 2, 1] };
        Assert.All(orders, o => Assert.Equal(ev2, o.Aggregate((OrganizationVetting?)null, (v, i) => OrganizationProfileRules.Merge(v, vettings[i]))));
    }

    [Fact]
    public void Orders_are_listed_once_and_the_most_recent_are_kept()
    {
        IReadOnlyList<string> ids = [];
        for (var i = 0; i < OrganizationProfileRules.MaxOrderIds + 5; i++) ids = OrganizationProfileRules.WithOrder(ids, $"ord-{i}");
        var again = OrganizationProfileRules.WithOrder(ids, $"ord-{OrganizationProfileRules.MaxOrderIds + 4}");
        Assert.Same(ids, again);
        Assert.Equal(OrganizationProfileRules.MaxOrderIds, ids.Count);
        Assert.Equal(("ord-5", $"ord-{OrganizationProfileRules.MaxOrderIds + 4}"), (ids[0], ids[^1]));
    }

    [Theory]
    [InlineData("ov-single", ValidationLevel.Organization)]
    [InlineData("ev-multi", ValidationLevel.Extended)]
    [InlineData("dv-single", null)]
    public void Only_products_with_organization_checks_give_a_vetting(string product, ValidationLevel? level) =>
        Assert.Equal(level, OrganizationProfileRules.VettingLevelOf(ProductCatalog.Get(product)));

    [Fact]
    public void An_order_takes_the_profile_organization_with_the_ev_fields_only_when_it_is_ev()
    {
        var ev = OrganizationProfileRules.Validate("a", Acme(registration: "1234567") with { BusinessCategory = "Government Entity", Jurisdiction = new("US") }, null).Details!.Organization;
        var forEv = OrganizationProfileRules.ForOrder(ev, ProductCatalog.Get("ev-multi"));
        Assert.Equal(("US", "Government Entity"), (forEv.Jurisdiction!.Country, forEv.BusinessCategory));
        var forOv = OrganizationProfileRules.ForOrder(ev, ProductCatalog.Get("ov-single"));
        Assert.Equal((null, null, "1234567"), (forOv.Jurisdiction, forOv.BusinessCategory, forOv.RegistrationNumber));
        Assert.Empty(SubjectDetailsRules.Validate(ProductCatalog.Get("ov-single"), new SubjectDetailsRequest(forOv,
            new ContactsRequest(new ContactRequest("A", "a@example.com", "+13025550101"), new ContactRequest("T", "t@example.com", "+13025550102")))).Errors);
    }
}
