using SslFlow.Domain.Organizations;

namespace SslFlow.Adapters.SandboxCa;

// Wire shapes of the sandbox order API (camelCase JSON), only the members the adapter reads.

public sealed record SandboxOrder(
    string CaReference,
    string Status,
    IReadOnlyList<SandboxStep> Steps,
    string? CurrentStep,
    bool HasCsr,
    bool AwaitingCsr,
    IReadOnlyList<SandboxDcv> Dcv,
    string? Reason);

/// <summary>
/// <paramref name="ReusedFrom"/>: the CA completed the step at order time from that order's organization vetting, done at
/// <paramref name="VettedAt"/>.
/// </summary>
public sealed record SandboxStep(string Name, string Status, string? ReusedFrom = null, DateTimeOffset? CompletedAt = null, DateTimeOffset? VettedAt = null);

public sealed record SandboxDcv(string DnsName, string Method, string Token, string Value, string Location);

/// <summary>
/// The organization, contacts and person members of a sandbox order request (<c>organization</c>, <c>contacts</c>,
/// <c>person</c>): the sandbox takes the shape SslFlow's intake takes, so the validated details go back into it.
/// </summary>
public sealed record SandboxSubject(OrganizationRequest? Organization, ContactsRequest? Contacts, PersonRequest? Person)
{
    public static SandboxSubject From(SubjectDetails details) => new(
        details.Organization is { } o
            ? new OrganizationRequest(o.LegalName, o.Country, o.StateOrProvince, o.Locality, o.StreetAddress, o.PostalCode, o.Phone, o.RegistrationNumber,
                o.Ev is { } ev ? new JurisdictionRequest(ev.Jurisdiction.Country, ev.Jurisdiction.StateOrProvince, ev.Jurisdiction.Locality) : null,
                o.Ev?.BusinessCategory.CertificateText())
            : null,
        details.Contacts is { } c ? new ContactsRequest(Contact(c.Admin), Contact(c.Technical)) : null,
        details.Person is { } p ? new PersonRequest(p.GivenName, p.Surname) : null);

    private static ContactRequest? Contact(Contact? c) => c is null ? null : new ContactRequest(c.Name, c.Email, c.Phone);
}
