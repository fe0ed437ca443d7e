using SslFlow.Domain.Organizations;

namespace SslFlow.Application.Orders;

/// <summary>
/// The organization, contacts and person kept with an order (issue 16), in the shapes an activation takes them, so a
/// dashboard can show them before the certificate exists and send them back unchanged (e.g. to save a profile).
/// </summary>
public sealed record SubjectView(OrganizationRequest? Organization, ContactsRequest? Contacts, PersonRequest? Person)
{
    /// <summary>Null when the order kept no details (a DV order, or one recorded before the details were kept).</summary>
    public static SubjectView? Of(SubjectDetails? subject) => subject is null or { Organization: null, Contacts: null, Person: null } ? null
        : new(subject.Organization is { } o ? OrganizationProfileRules.ToRequest(o) : null,
            OrganizationProfileRules.ToRequest(subject.Contacts),
            subject.Person is { } p ? new PersonRequest(p.GivenName, p.Surname) : null);
}
