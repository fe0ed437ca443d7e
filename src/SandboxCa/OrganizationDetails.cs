using System.Text;

namespace SslFlow.SandboxCa;

// The organization, contacts and person an order names (camelCase JSON; the same shape SslFlow's intake takes).
// Kept with the order as given after the checks below have normalised them.

public sealed record OrganizationDetails(
    string? LegalName,
    string? Country,
    string? StateOrProvince,
    string? Locality,
    string? StreetAddress,
    string? PostalCode,
    string? Phone,
    string? RegistrationNumber = null,
    JurisdictionDetails? Jurisdiction = null,
    string? BusinessCategory = null);

public sealed record JurisdictionDetails(string? Country, string? StateOrProvince = null, string? Locality = null);

public sealed record ContactDetails(string? Name, string? Email, string? Phone);

public sealed record ContactsDetails(ContactDetails? Admin, ContactDetails? Technical);

public sealed record PersonDetails(string? GivenName, string? Surname);

/// <summary>One refused field of an order (<c>organization.country</c>, <c>contacts.admin.phone</c>).</summary>
public sealed record FieldError(string Field, string Reason);

/// <summary>
/// The sandbox's own, lighter checks of what an order says about its subject: required parts per product, bounded
/// lengths (X.520), no control characters, ISO 3166-1 country codes (its own list, <see cref="CountryCodes"/>),
/// an international phone, the four EV business categories. Orders that carry no <c>organization</c> object keep the
/// old behaviour (the legacy <c>organizationName</c>, country US) so clients that do not send details yet still work.
/// </summary>
public static class SubjectChecks
{
    public static readonly string[] BusinessCategories = ["Private Organization", "Government Entity", "Business Entity", "Non-Commercial Entity"];

    private const string PrintableExtras = " '()+,-./:=?";

    /// <summary>Normalised details, or a 400 <c>invalid-details</c> naming every refused field.</summary>
    public static (OrganizationDetails? Organization, ContactsDetails? Contacts, PersonDetails? Person) Check(ProductKind kind, string productCode, CreateOrderRequest r)
    {
        var errors = new List<FieldError>();
        var enterprise = kind == ProductKind.Smime && productCode.Contains("enterprise", StringComparison.Ordinal);
        var pro = kind == ProductKind.Smime && productCode.Contains("pro", StringComparison.Ordinal);
        var takesOrganization = kind is ProductKind.Ov or ProductKind.Ev || enterprise;

        OrganizationDetails? organization = null;
        if (r.Organization is { } o)
        {
            if (!takesOrganization) errors.Add(new("organization", $"Product '{productCode}' does not name an organization."));
            else organization = CheckOrganization(o, kind == ProductKind.Ev, errors);
        }
        ContactsDetails? contacts = null;
        var needContacts = organization is not null;
        var admin = CheckContact(r.Contacts?.Admin, "contacts.admin", needContacts, errors);
        var technical = CheckContact(r.Contacts?.Technical, "contacts.technical", needContacts && !enterprise, errors);
        if (admin is not null || technical is not null) contacts = new ContactsDetails(admin, technical);

        PersonDetails? person = null;
        if (r.Person is { } p)
        {
            if (!pro && !enterprise) errors.Add(new("person", $"Product '{productCode}' does not name a person."));
            else
            {
                var given = Text(p.GivenName, "person.givenName", 64, true, errors);
                var surname = Text(p.Surname, "person.surname", 64, true, errors);
                if (given is not null && surname is not null && given.Length + surname.Length + 1 > 64)
                    errors.Add(new("person", "The common name 'Given Surname' would be longer than 64 characters."));
                person = new PersonDetails(given, surname);
            }
        }
        else if (enterprise && organization is not null) errors.Add(new("person", "An Enterprise certificate names its person: give person.givenName and person.surname."));
        if (enterprise && person is not null && r.Organization is null) errors.Add(new("organization", "An Enterprise certificate names its organization too."));

        if (errors.Count > 0)
            throw new SandboxApiException(400, "invalid-details", string.Join(" ", errors.Select(e => $"{e.Field}: {e.Reason}"))) { Errors = errors };
        return (organization, contacts, person);
    }

    /// <summary>
    /// Identifies an organization across orders as <c>COUNTRY|REGISTRATION|NAME</c>: the registration number and the legal
    /// name upper-cased with only their letters and digits kept, so "Acme, Inc." and "ACME INC" are one organization;
    /// address and phone are left out (a company that moves is the same company). Shown as <c>organizationKey</c>.
    /// </summary>
    public static string ProfileKey(OrganizationDetails o)
    {
        static string LettersAndDigits(string? text)
        {
            var kept = new StringBuilder();
            foreach (var rune in (text ?? "").ToUpperInvariant().EnumerateRunes())
            {
                if (Rune.IsLetterOrDigit(rune)) kept.Append(rune.ToString());
            }
            return kept.ToString();
        }
        return $"{(o.Country ?? "").Trim().ToUpperInvariant()}|{LettersAndDigits(o.RegistrationNumber)}|{LettersAndDigits(o.LegalName)}";
    }

    private static OrganizationDetails CheckOrganization(OrganizationDetails o, bool ev, List<FieldError> errors)
    {
        var name = Text(o.LegalName, "organization.legalName", 64, true, errors);
        var country = Country(o.Country, "organization.country", errors);
        var state = Text(o.StateOrProvince, "organization.stateOrProvince", 128, false, errors);
        var locality = Text(o.Locality, "organization.locality", 128, false, errors);
        if (state is null && locality is null && string.IsNullOrWhiteSpace(o.StateOrProvince) && string.IsNullOrWhiteSpace(o.Locality))
            errors.Add(new("organization.locality", "The locality or the state/province is required (BR 7.1.4.2.2)."));
        var street = Text(o.StreetAddress, "organization.streetAddress", 128, false, errors);
        var postal = Text(o.PostalCode, "organization.postalCode", 40, false, errors);
        var phone = Phone(o.Phone, "organization.phone", required: false, errors);
        var registration = Text(o.RegistrationNumber, "organization.registrationNumber", 64, false, errors);
        if (registration is not null && !registration.All(c => char.IsAsciiLetterOrDigit(c) || PrintableExtras.Contains(c)))
            errors.Add(new("organization.registrationNumber", "The registration number goes in serialNumber (a PrintableString): letters, digits, space and '()+,-./:=? only."));

        JurisdictionDetails? jurisdiction = null;
        string? category = null;
        if (ev)
        {
            category = BusinessCategories.FirstOrDefault(c => string.Equals(c, o.BusinessCategory?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (category is null) errors.Add(new("organization.businessCategory", $"EV needs one of: {string.Join(", ", BusinessCategories)}."));
            if (registration is null && category != "Government Entity")
                errors.Add(new("organization.registrationNumber", "EV needs the registration number (only a Government Entity may omit it)."));
            if (o.Jurisdiction is not { } j) errors.Add(new("organization.jurisdiction", "EV needs the jurisdiction of incorporation."));
            else
            {
                jurisdiction = new JurisdictionDetails(
                    Country(j.Country, "organization.jurisdiction.country", errors),
                    Text(j.StateOrProvince, "organization.jurisdiction.stateOrProvince", 128, false, errors),
                    Text(j.Locality, "organization.jurisdiction.locality", 128, false, errors));
            }
        }
        else if (o.Jurisdiction is not null || !string.IsNullOrWhiteSpace(o.BusinessCategory))
        {
            errors.Add(new("organization.jurisdiction", "The jurisdiction and business category are only for EV products."));
        }
        return new OrganizationDetails(name, country, state, locality, street, postal, phone, registration, jurisdiction, category);
    }

    private static ContactDetails? CheckContact(ContactDetails? c, string path, bool required, List<FieldError> errors)
    {
        if (c is null)
        {
            if (required) errors.Add(new(path, "This contact is required (name, email, phone)."));
            return null;
        }
        var name = Text(c.Name, $"{path}.name", 128, true, errors);
        var email = c.Email?.Trim();
        if (email is null || email.Length > 254 || email.IndexOf('@') is <= 0 || email.EndsWith('@') || email.Any(char.IsWhiteSpace))
            errors.Add(new($"{path}.email", "An email address (local@domain) is required."));
        var phone = Phone(c.Phone, $"{path}.phone", required: true, errors);
        return new ContactDetails(name, email?.ToLowerInvariant(), phone);
    }

    private static string? Text(string? value, string field, int max, bool required, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(new(field, "Required."));
            return null;
        }
        var text = value.Trim();
        if (text.Any(char.IsControl)) errors.Add(new(field, "Control characters are not allowed."));
        else if (text.EnumerateRunes().Count() > max) errors.Add(new(field, $"At most {max} characters."));
        else return text;
        return null;
    }

    private static string? Country(string? value, string field, List<FieldError> errors)
    {
        var code = value?.Trim().ToUpperInvariant();
        if (CountryCodes.IsAssigned(code)) return code;
        errors.Add(new(field, string.IsNullOrEmpty(code) ? "An ISO 3166-1 alpha-2 country code is required." : $"'{code}' is not an assigned ISO 3166-1 alpha-2 code."));
        return null;
    }

    private static string? Phone(string? value, string field, bool required, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(new(field, "A phone number in E.164 format (+…) is required."));
            return null;
        }
        var digits = new string(value.Where(c => c is not (' ' or '-' or '.' or '(' or ')')).ToArray());
        if (digits.Length is < 6 or > 16 || digits[0] != '+' || !digits[1..].All(char.IsAsciiDigit) || digits[1] == '0')
        {
            errors.Add(new(field, "Not an E.164 phone number ('+', country code, at most 15 digits)."));
            return null;
        }
        return digits;
    }
}
