namespace SslFlow.Domain.Organizations;

// The organization, contact and person details of an order as they arrive (JSON, camelCase), unvalidated.
// Field paths in errors follow these shapes: organization.legalName, organization.jurisdiction.country,
// contacts.admin.phone, person.givenName.

/// <param name="RegistrationNumber">EV: the registration (incorporation) number; OV may give it to tell apart organizations of the same name.</param>
/// <param name="Jurisdiction">EV only: where the organization is incorporated or registered.</param>
/// <param name="BusinessCategory">EV only: Private Organization, Government Entity, Business Entity or Non-Commercial Entity.</param>
public sealed record OrganizationRequest(
    string? LegalName,
    string? Country,
    string? StateOrProvince,
    string? Locality,
    string? StreetAddress,
    string? PostalCode,
    string? Phone,
    string? RegistrationNumber = null,
    JurisdictionRequest? Jurisdiction = null,
    string? BusinessCategory = null);

public sealed record JurisdictionRequest(string? Country, string? StateOrProvince = null, string? Locality = null);

public sealed record ContactRequest(string? Name, string? Email, string? Phone);

public sealed record ContactsRequest(ContactRequest? Admin, ContactRequest? Technical);

/// <summary>The person an S/MIME Pro or Enterprise certificate names.</summary>
public sealed record PersonRequest(string? GivenName, string? Surname);

public sealed record SubjectDetailsRequest(OrganizationRequest? Organization = null, ContactsRequest? Contacts = null, PersonRequest? Person = null);
