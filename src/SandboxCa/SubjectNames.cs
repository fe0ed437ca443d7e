using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.SandboxCa;

/// <summary>
/// The subject of a leaf for an order with details. OV (BR 7.1.4.2.2): C, ST, L, O, CN. EV (EV Guidelines 7.1.4.2):
/// also businessCategory, jurisdictionCountryName (and state/locality when given) and serialNumber (the registration
/// number, or "Government Entity" for one without). S/MIME Pro: GN, SN, CN "Given Surname", E. S/MIME Enterprise
/// (sponsor-validated): also O, street, L, ST, C. Country codes and serialNumber are PrintableString, the rest UTF8String.
/// </summary>
public static class SubjectNames
{
    public const string SerialNumberOid = "2.5.4.5";
    public const string BusinessCategoryOid = "2.5.4.15";
    public const string StreetAddressOid = "2.5.4.9";
    public const string GivenNameOid = "2.5.4.42";
    public const string SurnameOid = "2.5.4.4";
    public const string JurisdictionLocalityOid = "1.3.6.1.4.1.311.60.2.1.1";
    public const string JurisdictionStateOid = "1.3.6.1.4.1.311.60.2.1.2";
    public const string JurisdictionCountryOid = "1.3.6.1.4.1.311.60.2.1.3";

    public static X500DistinguishedName Build(SandboxOrder order)
    {
        var subject = new X500DistinguishedNameBuilder();
        var smime = order.Kind == ProductKind.Smime;
        if (order.Organization is { } o)
        {
            if (order.Kind == ProductKind.Ev)
            {
                subject.Add(BusinessCategoryOid, o.BusinessCategory!, UniversalTagNumber.UTF8String);
                if (o.Jurisdiction is { } j)
                {
                    subject.Add(JurisdictionCountryOid, j.Country!, UniversalTagNumber.PrintableString);
                    if (j.StateOrProvince is { } js) subject.Add(JurisdictionStateOid, js, UniversalTagNumber.UTF8String);
                    if (j.Locality is { } jl) subject.Add(JurisdictionLocalityOid, jl, UniversalTagNumber.UTF8String);
                }
                subject.Add(SerialNumberOid, o.RegistrationNumber ?? "Government Entity", UniversalTagNumber.PrintableString);
            }
            subject.AddCountryOrRegion(o.Country!);
            if (o.StateOrProvince is { } st) subject.AddStateOrProvinceName(st);
            if (o.Locality is { } l) subject.AddLocalityName(l);
            if (smime && o.StreetAddress is { } street) subject.Add(StreetAddressOid, street, UniversalTagNumber.UTF8String);
            subject.AddOrganizationName(o.LegalName!);
        }
        if (smime)
        {
            if (order.Person is { } p)
            {
                subject.Add(GivenNameOid, p.GivenName!, UniversalTagNumber.UTF8String);
                subject.Add(SurnameOid, p.Surname!, UniversalTagNumber.UTF8String);
                subject.AddCommonName($"{p.GivenName} {p.Surname}");
            }
            subject.AddEmailAddress(order.DnsNames[0]);
        }
        else
        {
            subject.AddCommonName(order.DnsNames[0]);
        }
        return subject.Build();
    }
}
