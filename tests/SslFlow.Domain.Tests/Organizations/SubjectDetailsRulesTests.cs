using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;

namespace SslFlow.Domain.Tests.Organizations;

public class SubjectDetailsRulesTests
{
    private static readonly Product Dv = ProductCatalog.Get("dv-single");
    private static readonly Product Ov = ProductCatalog.Get("ov-single");
    private static readonly Product Ev = ProductCatalog.Get("ev-single");
    private static readonly Product SmimeBasic = ProductCatalog.Get("smime-basic");
    private static readonly Product SmimePro = ProductCatalog.Get("smime-pro");
    private static readonly Product SmimeEnterprise = ProductCatalog.Get("smime-enterprise");

    internal static readonly OrganizationRequest Org = new("Aruba S.p.A.", "it", "Arezzo", "Ponte San Pietro", "Via San Clemente 53", "24036", "+39 0575 0505");

    internal static readonly OrganizationRequest EvOrg = Org with
    {
        RegistrationNumber = "AR-123456",
        Jurisdiction = new JurisdictionRequest("IT"),
        BusinessCategory = "Private Organization",
    };

    internal static readonly ContactsRequest Contacts = new(
        new ContactRequest("Maria Rossi", "maria.rossi@example.com", "+39 0575 05077"),
        new ContactRequest("Luca Bianchi", "tech@example.com", "+39 0575 0508"));

    private static SubjectDetailsRequest OvRequest(OrganizationRequest? org = null, ContactsRequest? contacts = null) => new(org ?? Org, contacts ?? Contacts);

    private static void AssertRefused(SubjectDetailsResult result, string field, string reason)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Details);
        var error = Assert.Single(result.Errors, e => e.Field == field);
        Assert.Contains(reason, error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Requirements_follow_the_validation_level_of_every_product()
    {
        foreach (var product in ProductCatalog.All)
        {
            var need = SubjectDetailsRules.RequiredDetails(product);
            var hasOrganizationStep = product.Plan.Steps.Any(s => s.Kind == ValidationStepKind.Organization);
            Assert.Equal(hasOrganizationStep, need.Organization);
            Assert.Equal(product.Level == ValidationLevel.Extended, need.EvRegistration);
            Assert.Equal(product.Level is ValidationLevel.Individual or ValidationLevel.Sponsor, need.Person);
            Assert.Equal(product.Level is ValidationLevel.Organization or ValidationLevel.Extended, need.TechnicalContact);
        }
        Assert.Empty(SubjectDetailsRules.RequiredDetails(Dv).RequiredFields);
        Assert.Equal(["person.givenName", "person.surname"], SubjectDetailsRules.RequiredDetails(SmimePro).RequiredFields);
        Assert.Contains("organization.jurisdiction.country", SubjectDetailsRules.RequiredDetails(Ev).RequiredFields);
        Assert.DoesNotContain("organization.jurisdiction.country", SubjectDetailsRules.RequiredDetails(Ov).RequiredFields);
        Assert.Contains("contacts.admin.phone", SubjectDetailsRules.RequiredDetails(SmimeEnterprise).RequiredFields);
    }

    [Fact]
    public void A_valid_ov_request_is_normalised()
    {
        var result = SubjectDetailsRules.Validate(Ov, OvRequest(Org with { LegalName = "  Aruba   S.p.A. ", PostalCode = "24036" }));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var o = result.Details!.Organization!;
        Assert.Equal(new Organization("Aruba S.p.A.", "IT", "Arezzo", "Ponte San Pietro", "Via San Clemente 53", "24036", "+3905750505"), o);
        Assert.Equal("+39057505077", result.Details.Contacts!.Admin!.Phone);
        Assert.Equal("tech@example.com", result.Details.Contacts.Technical!.Email);
        Assert.Null(result.Details.Person);
    }

    [Fact]
    public void Dv_needs_nothing_and_validates_contacts_when_given()
    {
        Assert.Equal(SubjectDetails.None, SubjectDetailsRules.Validate(Dv, null).Details);
        var admin = new ContactsRequest(new ContactRequest("Ops", "ops@example.com", "+1 202 555 0143"), null);
        Assert.Equal("+12025550143", SubjectDetailsRules.Validate(Dv, new(Contacts: admin)).Details!.Contacts!.Admin!.Phone);
        AssertRefused(SubjectDetailsRules.Validate(Dv, new(Contacts: admin with { Admin = admin.Admin! with { Email = "ops" } })), "contacts.admin.email", "not an email address");
        AssertRefused(SubjectDetailsRules.Validate(Dv, new(Org)), "organization", "does not name an organization");
        AssertRefused(SubjectDetailsRules.Validate(Dv, new(Person: new("Maria", "Rossi"))), "person", "does not name a person");
    }

    [Fact]
    public void Ov_refuses_missing_parts_with_their_path()
    {
        AssertRefused(SubjectDetailsRules.Validate(Ov, null), "organization", "needs the organization");
        AssertRefused(SubjectDetailsRules.Validate(Ov, new(Org)), "contacts.admin", "required");
        AssertRefused(SubjectDetailsRules.Validate(Ov, new(Org, Contacts with { Technical = null })), "contacts.technical", "required");
        var result = SubjectDetailsRules.Validate(Ov, new());
        Assert.Equal(["organization", "contacts.admin", "contacts.technical"], result.Errors.Select(e => e.Field));
    }

    public static TheoryData<string, OrganizationRequest, string> BadOrganizations() => new()
    {
        { "organization.legalName", Org with { LegalName = null }, "required" },
        { "organization.legalName", Org with { LegalName = "   " }, "required" },
        { "organization.legalName", Org with { LegalName = new string('A', 65) }, "at most 64" },
        { "organization.legalName", Org with { LegalName = "-" }, "placeholders" },
        { "organization.legalName", Org with { LegalName = "Acme\nInc" }, "control" },
        { "organization.legalName", Org with { LegalName = "Acme\u202EInc" }, "invisible" },
        { "organization.legalName", Org with { LegalName = "Acme\uE000" }, "invisible" },
        { "organization.country", Org with { Country = null }, "required" },
        { "organization.country", Org with { Country = "Italy" }, "alpha-2" },
        { "organization.country", Org with { Country = "UK" }, "'GB'" },
        { "organization.country", Org with { Country = "XK" }, "not an assigned" },
        { "organization.stateOrProvince", Org with { StateOrProvince = new string('s', 129) }, "at most 128" },
        { "organization.stateOrProvince", Org with { StateOrProvince = "." }, "placeholders" },
        { "organization.locality", Org with { Locality = null }, "required" },
        { "organization.locality", Org with { Locality = new string('l', 129) }, "at most 128" },
        { "organization.streetAddress", Org with { StreetAddress = null }, "required" },
        { "organization.streetAddress", Org with { StreetAddress = new string('s', 129) }, "at most 128" },
        { "organization.postalCode", Org with { PostalCode = "52100!" }, "only letters" },
        { "organization.postalCode", Org with { PostalCode = new string('1', 41) }, "at most 40" },
        { "organization.phone", Org with { Phone = null }, "required" },
        { "organization.phone", Org with { Phone = "0575 0505" }, "'+'" },
        { "organization.phone", Org with { Phone = "+2812345678" }, "calling code" },
        { "organization.registrationNumber", Org with { RegistrationNumber = new string('1', 65) }, "at most 64" },
        { "organization.registrationNumber", Org with { RegistrationNumber = "HRB_123" }, "PrintableString" },
        { "organization.registrationNumber", Org with { RegistrationNumber = "Nº 123" }, "PrintableString" },
        { "organization.jurisdiction", Org with { Jurisdiction = new("IT") }, "only for EV" },
        { "organization.businessCategory", Org with { BusinessCategory = "Private Organization" }, "only for EV" },
    };

    [Theory]
    [MemberData(nameof(BadOrganizations))]
    public void Each_organization_field_is_refused_by_name(string field, OrganizationRequest organization, string reason) =>
        AssertRefused(SubjectDetailsRules.Validate(Ov, OvRequest(organization)), field, reason);

    [Theory]
    [InlineData("Ümlaut & Söhne GmbH")]
    [InlineData("株式会社サンプル")]
    [InlineData("O'Brien + Partners (Ireland) Ltd.")]
    [InlineData("3M")]
    public void Legal_names_may_use_any_script_and_punctuation(string name)
    {
        var result = SubjectDetailsRules.Validate(Ov, OvRequest(Org with { LegalName = name }));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(name, result.Details!.Organization!.LegalName);
    }

    [Fact]
    public void Lengths_count_characters_not_bytes()
    {
        Assert.True(SubjectDetailsRules.Validate(Ov, OvRequest(Org with { LegalName = new string('é', 64) })).IsValid);
        Assert.True(SubjectDetailsRules.Validate(Ov, OvRequest(Org with { LegalName = new string('株', 64) })).IsValid); // 192 UTF-8 bytes
        Assert.True(SubjectDetailsRules.Validate(Ov, OvRequest(Org with { LegalName = "A" + string.Concat(Enumerable.Repeat("😀", 63)) })).IsValid); // 127 UTF-16 units
        AssertRefused(SubjectDetailsRules.Validate(Ov, OvRequest(Org with { LegalName = new string('株', 65) })), "organization.legalName", "at most 64");
        AssertRefused(SubjectDetailsRules.Validate(Ov, OvRequest(Org with { LegalName = "Acme \uD800 Inc" })), "organization.legalName", "invalid Unicode");
    }

    [Fact]
    public void Optional_organization_fields_may_be_absent()
    {
        var result = SubjectDetailsRules.Validate(Ov, OvRequest(Org with { StateOrProvince = null, PostalCode = " " }));
        Assert.True(result.IsValid);
        Assert.Null(result.Details!.Organization!.StateOrProvince);
        Assert.Null(result.Details.Organization.PostalCode);
        Assert.Equal("SW1A 1AA", SubjectDetailsRules.Validate(Ov, OvRequest(Org with { Country = "GB", PostalCode = "sw1a 1aa" })).Details!.Organization!.PostalCode);
    }

    public static TheoryData<string, ContactsRequest, string> BadContacts() => new()
    {
        { "contacts.admin.name", Contacts with { Admin = Contacts.Admin! with { Name = null } }, "required" },
        { "contacts.admin.name", Contacts with { Admin = Contacts.Admin! with { Name = new string('n', 129) } }, "at most 128" },
        { "contacts.admin.email", Contacts with { Admin = Contacts.Admin! with { Email = null } }, "required" },
        { "contacts.admin.email", Contacts with { Admin = Contacts.Admin! with { Email = "maria@localhost" } }, "fully qualified" },
        { "contacts.admin.phone", Contacts with { Admin = Contacts.Admin! with { Phone = null } }, "required" },
        { "contacts.admin.phone", Contacts with { Admin = Contacts.Admin! with { Phone = "+39 12" } }, "too short" },
        { "contacts.technical.name", Contacts with { Technical = Contacts.Technical! with { Name = "\u0007" } }, "control" },
        { "contacts.technical.email", Contacts with { Technical = Contacts.Technical! with { Email = "a..b@example.com" } }, "misplaced dot" },
        { "contacts.technical.phone", Contacts with { Technical = Contacts.Technical! with { Phone = "+1234567890123456" } }, "at most 15" },
    };

    [Theory]
    [MemberData(nameof(BadContacts))]
    public void Each_contact_field_is_refused_by_name(string field, ContactsRequest contacts, string reason) =>
        AssertRefused(SubjectDetailsRules.Validate(Ov, OvRequest(contacts: contacts)), field, reason);

    [Fact]
    public void A_valid_ev_request_carries_jurisdiction_and_category()
    {
        var result = SubjectDetailsRules.Validate(Ev, OvRequest(EvOrg with
        {
            BusinessCategory = "private-organization",
            Jurisdiction = new JurisdictionRequest("it", "Lombardia", "Bergamo"),
        }));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var o = result.Details!.Organization!;
        Assert.Equal("AR-123456", o.RegistrationNumber);
        Assert.Equal(new EvRegistration(new Jurisdiction("IT", "Lombardia", "Bergamo"), BusinessCategory.PrivateOrganization), o.Ev);
        Assert.Equal("Private Organization", o.Ev!.BusinessCategory.CertificateText());
    }

    public static TheoryData<string, OrganizationRequest, string> BadEv() => new()
    {
        { "organization.registrationNumber", EvOrg with { RegistrationNumber = null }, "registration" },
        { "organization.registrationNumber", EvOrg with { RegistrationNumber = "--" }, "placeholders" },
        { "organization.jurisdiction", EvOrg with { Jurisdiction = null }, "jurisdiction" },
        { "organization.jurisdiction.country", EvOrg with { Jurisdiction = new(null) }, "required" },
        { "organization.jurisdiction.country", EvOrg with { Jurisdiction = new("XX") }, "not an assigned" },
        { "organization.jurisdiction.stateOrProvince", EvOrg with { Jurisdiction = new("US", null, "Springfield") }, "state or province" },
        { "organization.jurisdiction.stateOrProvince", EvOrg with { Jurisdiction = new("US", new string('s', 129)) }, "at most 128" },
        { "organization.jurisdiction.locality", EvOrg with { Jurisdiction = new("US", "Delaware", new string('l', 129)) }, "at most 128" },
        { "organization.businessCategory", EvOrg with { BusinessCategory = null }, "business category" },
        { "organization.businessCategory", EvOrg with { BusinessCategory = "Small Business" }, "Unknown business category" },
    };

    [Theory]
    [MemberData(nameof(BadEv))]
    public void Each_ev_field_is_refused_by_name(string field, OrganizationRequest organization, string reason) =>
        AssertRefused(SubjectDetailsRules.Validate(Ev, OvRequest(organization)), field, reason);

    [Theory]
    [InlineData("Government Entity")]
    [InlineData("GovernmentEntity")]
    [InlineData("government_entity")]
    public void A_government_entity_may_omit_the_registration_number(string category)
    {
        var result = SubjectDetailsRules.Validate(Ev, OvRequest(EvOrg with { RegistrationNumber = null, BusinessCategory = category }));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(BusinessCategory.GovernmentEntity, result.Details!.Organization!.Ev!.BusinessCategory);
    }

    [Fact]
    public void Smime_pro_needs_the_person_and_nothing_else()
    {
        var ok = SubjectDetailsRules.Validate(SmimePro, new(Person: new(" Maria ", "De  Luca")));
        Assert.True(ok.IsValid);
        Assert.Equal(new PersonName("Maria", "De Luca"), ok.Details!.Person);
        Assert.Equal("Maria De Luca", ok.Details.Person!.CommonName);
        AssertRefused(SubjectDetailsRules.Validate(SmimePro, null), "person", "givenName");
        AssertRefused(SubjectDetailsRules.Validate(SmimePro, new(Org, Person: new("Maria", "Rossi"))), "organization", "does not name an organization");
        AssertRefused(SubjectDetailsRules.Validate(SmimeBasic, new(Person: new("Maria", "Rossi"))), "person", "does not name a person");
    }

    [Theory]
    [InlineData("person.givenName", null, "Rossi", "required")]
    [InlineData("person.givenName", "M4ria", "Rossi", "letters")]
    [InlineData("person.givenName", "<script>", "Rossi", "letters")]
    [InlineData("person.surname", "Maria", null, "required")]
    [InlineData("person.surname", "Maria", "Rossi\u200B", "invisible")]
    [InlineData("person.surname", "Maria", "-", "placeholders")]
    public void Each_person_field_is_refused_by_name(string field, string? given, string? surname, string reason) =>
        AssertRefused(SubjectDetailsRules.Validate(SmimePro, new(Person: new(given, surname))), field, reason);

    [Theory]
    [InlineData("Zoë", "O'Connor-Smith")]
    [InlineData("José María", "Núñez")]
    [InlineData("Ngọc", "Nguyễn")]
    [InlineData("J.", "D’Angelo")]
    public void Person_names_accept_letters_marks_hyphens_apostrophes_and_dots(string given, string surname) =>
        Assert.True(SubjectDetailsRules.Validate(SmimePro, new(Person: new(given, surname))).IsValid);

    [Fact]
    public void The_person_common_name_is_bounded_to_64_characters()
    {
        AssertRefused(SubjectDetailsRules.Validate(SmimePro, new(Person: new(new string('a', 32), new string('b', 32)))), "person", "at most 64");
        Assert.True(SubjectDetailsRules.Validate(SmimePro, new(Person: new(new string('a', 31), new string('b', 32)))).IsValid);
        AssertRefused(SubjectDetailsRules.Validate(SmimePro, new(Person: new(new string('a', 65), "b"))), "person.givenName", "at most 64");
    }

    [Fact]
    public void Smime_enterprise_needs_person_organization_and_admin_contact()
    {
        var request = new SubjectDetailsRequest(Org, new ContactsRequest(Contacts.Admin, null), new PersonRequest("Maria", "Rossi"));
        var ok = SubjectDetailsRules.Validate(SmimeEnterprise, request);
        Assert.True(ok.IsValid, string.Join("; ", ok.Errors));
        Assert.Equal("Aruba S.p.A.", ok.Details!.Organization!.LegalName);
        Assert.Null(ok.Details.Contacts!.Technical);
        var missing = SubjectDetailsRules.Validate(SmimeEnterprise, new());
        Assert.Equal(["organization", "contacts.admin", "person"], missing.Errors.Select(e => e.Field));
        AssertRefused(SubjectDetailsRules.Validate(SmimeEnterprise, request with { Organization = EvOrg }), "organization.jurisdiction", "only for EV");
    }

    [Fact]
    public void All_errors_come_at_once()
    {
        var result = SubjectDetailsRules.Validate(Ev, new(
            Org with { Country = "ZZ", Phone = "12" },
            Contacts with { Technical = Contacts.Technical! with { Email = "x" } }));
        Assert.Equal(
            ["organization.country", "organization.phone", "organization.businessCategory", "organization.registrationNumber", "organization.jurisdiction", "contacts.technical.email"],
            result.Errors.Select(e => e.Field));
    }
}
