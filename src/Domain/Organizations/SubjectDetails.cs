namespace SslFlow.Domain.Organizations;

/// <summary>
/// A validated organization: text normalised (NFC, spaces collapsed), country upper-case ISO 3166-1, phone E.164.
/// <see cref="Locality"/> is always present (an address has one; BR 7.1.4.2.2 needs L or ST), <see cref="StateOrProvince"/>
/// and <see cref="PostalCode"/> only where the country uses them. <see cref="Ev"/> is set for EV products.
/// </summary>
public sealed record Organization(
    string LegalName,
    string Country,
    string? StateOrProvince,
    string Locality,
    string StreetAddress,
    string? PostalCode,
    string Phone,
    string? RegistrationNumber = null,
    EvRegistration? Ev = null);

/// <summary>
/// EV Guidelines 9.2.4–9.2.5: the jurisdiction of incorporation and the business category. The registration number
/// (<see cref="Organization.RegistrationNumber"/>) may be absent only for a Government Entity.
/// </summary>
public sealed record EvRegistration(Jurisdiction Jurisdiction, BusinessCategory BusinessCategory);

public sealed record Jurisdiction(string Country, string? StateOrProvince = null, string? Locality = null);

public sealed record Contact(string Name, string Email, string Phone);

public sealed record Contacts(Contact? Admin, Contact? Technical);

/// <summary>S/MIME individual: the certificate carries GN, SN and the CN "Given Surname".</summary>
public sealed record PersonName(string GivenName, string Surname)
{
    public string CommonName => $"{GivenName} {Surname}";
}

/// <summary>The validated details of an order; each part is null when the product neither needs nor got it.</summary>
public sealed record SubjectDetails(Organization? Organization, Contacts? Contacts, PersonName? Person)
{
    public static readonly SubjectDetails None = new(null, null, null);
}

/// <summary>Either the details or the field errors; never both.</summary>
public sealed record SubjectDetailsResult(SubjectDetails? Details, IReadOnlyList<Intake.ValidationError> Errors)
{
    public bool IsValid => Details is not null && Errors.Count == 0;
}
