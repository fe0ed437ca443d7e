using SslFlow.Domain.Intake;
using SslFlow.Domain.Names;
using SslFlow.Domain.Products;

namespace SslFlow.Domain.Organizations;

/// <summary>What an order must say about its organization, contacts and person, by the product's validation level.</summary>
/// <param name="Organization">OV, EV and S/MIME Enterprise (sponsor): legal name, country, locality, street address, phone.</param>
/// <param name="EvRegistration">EV: jurisdiction, business category and (but for a Government Entity) registration number.</param>
/// <param name="AdminContact">OV, EV (the contacts the CA vets and delivers to) and Enterprise (the applicant).</param>
/// <param name="TechnicalContact">OV and EV.</param>
/// <param name="Person">S/MIME Pro and Enterprise: given name and surname.</param>
public sealed record DetailsRequirement(bool Organization, bool EvRegistration, bool AdminContact, bool TechnicalContact, bool Person)
{
    /// <summary>The field paths that must be present (for forms and OpenAPI); optional ones are not listed.</summary>
    public IReadOnlyList<string> RequiredFields =>
    [
        .. Organization ? (string[])["organization.legalName", "organization.country", "organization.locality", "organization.streetAddress", "organization.phone"] : [],
        .. EvRegistration ? (string[])["organization.registrationNumber", "organization.jurisdiction.country", "organization.businessCategory"] : [],
        .. AdminContact ? (string[])["contacts.admin.name", "contacts.admin.email", "contacts.admin.phone"] : [],
        .. TechnicalContact ? (string[])["contacts.technical.name", "contacts.technical.email", "contacts.technical.phone"] : [],
        .. Person ? (string[])["person.givenName", "person.surname"] : [],
    ];
}

/// <summary>
/// Checks the organization, contacts and person of an order against its product. Every field error names its path
/// (<c>organization.country</c>, <c>contacts.admin.phone</c>) and the reason; all errors are returned at once.
/// Choices: contacts may be given for any product (validated when given); a part the product does not use
/// (organization on DV, person on TLS, EV fields on OV) is refused rather than silently dropped, so nobody believes
/// it reached the certificate. OV may carry a registration number: it is not in the certificate but tells apart
/// organizations of the same name (<see cref="OrganizationProfiles.KeyOf"/>).
/// </summary>
public static class SubjectDetailsRules
{
    public static DetailsRequirement RequiredDetails(Product product) => product.Level switch
    {
        ValidationLevel.Domain or ValidationLevel.Mailbox => new(false, false, false, false, false),
        ValidationLevel.Organization => new(true, false, true, true, false),
        ValidationLevel.Extended => new(true, true, true, true, false),
        ValidationLevel.Individual => new(false, false, false, false, true),
        ValidationLevel.Sponsor => new(true, false, true, false, true),
        _ => throw new ArgumentOutOfRangeException(nameof(product), product.Level, null),
    };

    public static SubjectDetailsResult Validate(Product product, SubjectDetailsRequest? request)
    {
        ArgumentNullException.ThrowIfNull(product);
        request ??= new SubjectDetailsRequest();
        var need = RequiredDetails(product);
        var errors = new List<ValidationError>();

        Organization? organization = null;
        if (request.Organization is { } o)
        {
            if (!need.Organization) errors.Add(new("organization", $"Product '{product.Code}' does not name an organization; leave organization out."));
            else organization = ValidateOrganization(o, need.EvRegistration, errors);
        }
        else if (need.Organization) errors.Add(new("organization", $"Product '{product.Code}' needs the organization's details (legal name, country, locality, address, phone)."));

        Contacts? contacts = null;
        var admin = ValidateContact(request.Contacts?.Admin, "contacts.admin", need.AdminContact, errors);
        var technical = ValidateContact(request.Contacts?.Technical, "contacts.technical", need.TechnicalContact, errors);
        if (admin is not null || technical is not null) contacts = new Contacts(admin, technical);

        PersonName? person = null;
        if (request.Person is { } p)
        {
            if (!need.Person) errors.Add(new("person", $"Product '{product.Code}' does not name a person; leave person out."));
            else person = ValidatePerson(p, errors);
        }
        else if (need.Person) errors.Add(new("person", $"Product '{product.Code}' certifies a person: give person.givenName and person.surname."));

        return errors.Count > 0 ? new(null, errors) : new(new SubjectDetails(organization, contacts, person), []);
    }

    /// <summary>
    /// The details of an organization profile, which no product bounds yet: the organization is required and is checked
    /// as for OV, or as for EV when it carries any EV field (jurisdiction, business category), so an EV profile is
    /// complete; the admin and technical contacts are optional and checked when given. Same field paths as an order's.
    /// </summary>
    public static SubjectDetailsResult ValidateProfile(OrganizationRequest? organization, ContactsRequest? contacts)
    {
        var errors = new List<ValidationError>();
        Organization? validated = null;
        if (organization is null) errors.Add(new("organization", "Required: the organization's legal name, country, locality, address and phone."));
        else validated = ValidateOrganization(organization, ev: organization.Jurisdiction is not null || !string.IsNullOrWhiteSpace(organization.BusinessCategory), errors);
        var admin = ValidateContact(contacts?.Admin, "contacts.admin", required: false, errors);
        var technical = ValidateContact(contacts?.Technical, "contacts.technical", required: false, errors);
        var validContacts = admin is null && technical is null ? null : new Contacts(admin, technical);
        return errors.Count > 0 ? new(null, errors) : new(new SubjectDetails(validated, validContacts, null), []);
    }

    private static Organization? ValidateOrganization(OrganizationRequest o, bool ev, List<ValidationError> errors)
    {
        var before = errors.Count;
        var legalName = Text(o.LegalName, "organization.legalName", SubjectText.OrganizationMax, required: true, errors);
        var (country, countryError) = Countries.Normalise(o.Country);
        if (countryError is not null) errors.Add(new("organization.country", countryError));
        var state = Text(o.StateOrProvince, "organization.stateOrProvince", SubjectText.StateOrProvinceMax, required: false, errors);
        var locality = Text(o.Locality, "organization.locality", SubjectText.LocalityMax, required: true, errors);
        var street = Text(o.StreetAddress, "organization.streetAddress", SubjectText.StreetAddressMax, required: true, errors);
        var (postal, postalError) = SubjectText.NormalisePostalCode(o.PostalCode);
        if (postalError is not null) errors.Add(new("organization.postalCode", postalError));
        var phone = Phone(o.Phone, "organization.phone", errors);
        var registration = Text(o.RegistrationNumber, "organization.registrationNumber", SubjectText.SerialNumberMax, required: false, errors);
        if (registration is not null && !SubjectText.IsPrintableString(registration))
        {
            errors.Add(new("organization.registrationNumber", "The registration number goes in the certificate's serialNumber, a PrintableString: letters A-Z, digits, space and '()+,-./:=? only."));
            registration = null;
        }

        EvRegistration? evRegistration = null;
        if (ev)
        {
            evRegistration = ValidateEv(o, registration, errors);
        }
        else
        {
            if (o.Jurisdiction is not null) errors.Add(new("organization.jurisdiction", "The jurisdiction of incorporation is only for EV products."));
            if (!string.IsNullOrWhiteSpace(o.BusinessCategory)) errors.Add(new("organization.businessCategory", "The business category is only for EV products."));
        }
        if (errors.Count > before) return null;
        return new Organization(legalName!, country!, state, locality!, street!, postal, phone!, registration, evRegistration);
    }

    private static EvRegistration? ValidateEv(OrganizationRequest o, string? registration, List<ValidationError> errors)
    {
        BusinessCategory? category = null;
        if (string.IsNullOrWhiteSpace(o.BusinessCategory))
            errors.Add(new("organization.businessCategory", $"EV needs the business category: one of {BusinessCategories.Known}."));
        else if (BusinessCategories.TryParse(o.BusinessCategory, out var parsed)) category = parsed;
        else errors.Add(new("organization.businessCategory", $"Unknown business category; use one of {BusinessCategories.Known}."));

        if (registration is null && category != BusinessCategory.GovernmentEntity && !errors.Any(e => e.Field == "organization.registrationNumber"))
            errors.Add(new("organization.registrationNumber", "EV needs the registration (incorporation) number; only a Government Entity may omit it."));

        Jurisdiction? jurisdiction = null;
        if (o.Jurisdiction is not { } j)
        {
            errors.Add(new("organization.jurisdiction", "EV needs the jurisdiction of incorporation (at least its country)."));
        }
        else
        {
            var (country, countryError) = Countries.Normalise(j.Country);
            if (countryError is not null) errors.Add(new("organization.jurisdiction.country", countryError));
            var state = Text(j.StateOrProvince, "organization.jurisdiction.stateOrProvince", SubjectText.StateOrProvinceMax, required: false, errors);
            var locality = Text(j.Locality, "organization.jurisdiction.locality", SubjectText.LocalityMax, required: false, errors);
            // EV Guidelines 9.2.4: a locality-level jurisdiction names its state or province too.
            if (locality is not null && state is null && string.IsNullOrWhiteSpace(j.StateOrProvince))
                errors.Add(new("organization.jurisdiction.stateOrProvince", "A jurisdiction locality needs its state or province as well."));
            if (country is not null) jurisdiction = new Jurisdiction(country, state, locality);
        }
        return jurisdiction is not null && category is { } c ? new EvRegistration(jurisdiction, c) : null;
    }

    private static Contact? ValidateContact(ContactRequest? c, string path, bool required, List<ValidationError> errors)
    {
        if (c is null)
        {
            if (required) errors.Add(new(path, "This contact is required (name, email, phone)."));
            return null;
        }
        var before = errors.Count;
        var name = Text(c.Name, $"{path}.name", SubjectText.ContactNameMax, required: true, errors);
        var (email, emailError) = EmailAddresses.Normalise(c.Email, publicDomain: false);
        if (emailError is not null) errors.Add(new($"{path}.email", emailError));
        var phone = Phone(c.Phone, $"{path}.phone", errors);
        return errors.Count > before ? null : new Contact(name!, email!, phone!);
    }

    private static PersonName? ValidatePerson(PersonRequest p, List<ValidationError> errors)
    {
        var before = errors.Count;
        var given = PersonPart(p.GivenName, "person.givenName", errors);
        var surname = PersonPart(p.Surname, "person.surname", errors);
        if (errors.Count > before) return null;
        var person = new PersonName(given!, surname!);
        var length = person.CommonName.EnumerateRunes().Count();
        if (length > SubjectText.CommonNameMax)
        {
            errors.Add(new("person", $"The common name '{person.CommonName}' would be {length} characters; at most {SubjectText.CommonNameMax}."));
            return null;
        }
        return person;
    }

    private static string? PersonPart(string? input, string field, List<ValidationError> errors)
    {
        var (value, error) = SubjectText.NormalisePersonName(input);
        if (error is not null) errors.Add(new(field, error));
        else if (value is null) errors.Add(new(field, "Required."));
        return value;
    }

    private static string? Text(string? input, string field, int max, bool required, List<ValidationError> errors)
    {
        var (value, error) = SubjectText.Normalise(input, max);
        if (error is not null) errors.Add(new(field, error));
        else if (value is null && required) errors.Add(new(field, "Required."));
        return value;
    }

    private static string? Phone(string? input, string field, List<ValidationError> errors)
    {
        var (number, error) = PhoneNumbers.Normalise(input);
        if (error is not null) errors.Add(new(field, error));
        return number;
    }
}
