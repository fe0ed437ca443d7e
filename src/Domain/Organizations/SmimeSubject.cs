using SslFlow.Domain.Products;

namespace SslFlow.Domain.Organizations;

/// <summary>
/// What an S/MIME certificate request names (CA/B Forum S/MIME Baseline Requirements 7.1.4.2 and 7.1.2.3 h):
/// <paramref name="Mailbox"/> is its one SAN rfc822Name; the subject carries only what the product validates. A null part is
/// left out of the subject. The CA sets key usage, the emailProtection EKU and the validity; the request only asks.
/// </summary>
/// <param name="CommonName">Individual- and sponsor-validated: the person's name ("Given Surname"); mailbox-validated (or a
/// person not given): the mailbox, which S/MIME BR 7.1.4.2.2 a allows as the commonName; null when the mailbox is longer
/// than a commonName may be (64, X.520), and the subject then names the mailbox as emailAddress instead.</param>
/// <param name="Organization">Sponsor-validated: the organization's legal name, with its <paramref name="Country"/>,
/// <paramref name="StateOrProvince"/> and <paramref name="Locality"/> (the street address is the CA's to vet and add).</param>
public sealed record SmimeSubject(
    string Mailbox,
    string? CommonName,
    string? GivenName = null,
    string? Surname = null,
    string? Organization = null,
    string? Country = null,
    string? StateOrProvince = null,
    string? Locality = null)
{
    /// <summary>
    /// The request of <paramref name="product"/> (an S/MIME product) for <paramref name="mailbox"/> with the validated
    /// <paramref name="details"/> (null when the order gave none): Basic = the mailbox only; Pro = also givenName, surname
    /// and CN the person; Enterprise = also O, C, ST, L of the sponsoring organization. Parts the product does not validate
    /// are not named even when present, so a request never claims what the CA did not check.
    /// </summary>
    public static SmimeSubject For(Product product, string mailbox, SubjectDetails? details)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentException.ThrowIfNullOrWhiteSpace(mailbox);
        if (!product.IsSmime) throw new ArgumentException($"Product '{product.Code}' is not an S/MIME product.", nameof(product));
        var person = product.Level is ValidationLevel.Individual or ValidationLevel.Sponsor ? details?.Person : null;
        var organization = product.Level == ValidationLevel.Sponsor ? details?.Organization : null;
        var commonName = person?.CommonName ?? (mailbox.Length <= SubjectText.CommonNameMax ? mailbox : null);
        return new SmimeSubject(mailbox, commonName, person?.GivenName, person?.Surname,
            organization?.LegalName, organization?.Country, organization?.StateOrProvince, organization?.Locality);
    }
}
