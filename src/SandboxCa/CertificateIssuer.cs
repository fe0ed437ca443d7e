using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.SandboxCa;

/// <summary>Signs leaves with the intermediate: the CSR's key, the order's names, lifetime capped by the CA/B rules.</summary>
public sealed class CertificateIssuer(CaHierarchy ca, SandboxOptions options, TimeProvider time)
{
    private const string RsaOid = "1.2.840.113549.1.1.1";

    public IssuedCertificate Issue(SandboxOrder order, InspectedCsr csr)
    {
        var smime = order.Kind == ProductKind.Smime;
        var subject = order.Organization is not null || order.Person is not null
            ? SubjectNames.Build(order)
            : LegacySubject(order);

        var request = new CertificateRequest(subject, csr.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var usage = X509KeyUsageFlags.DigitalSignature | (csr.PublicKey.Oid.Value == RsaOid ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.None);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [smime ? new Oid("1.3.6.1.5.5.7.3.4", "emailProtection") : new Oid("1.3.6.1.5.5.7.3.1", "serverAuth")], false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in order.DnsNames)
        {
            if (smime) san.AddEmailAddress(name);
            else san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca.Intermediate, true, false));
        request.CertificateExtensions.Add(PolicyExtension(Products.PolicyOid(order.Kind, order.ProductCode)));

        var notBefore = TruncateToSeconds(time.GetUtcNow());
        var notAfter = CabfValidity.NotAfter(notBefore, order.Kind, options.ValidityDays);
        var serial = CaHierarchy.RandomSerial();
        using var leaf = request.Create(ca.Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(ca.IntermediateKey), notBefore, notAfter, serial);
        return new IssuedCertificate
        {
            SerialNumber = Convert.ToHexString(serial),
            Pem = leaf.ExportCertificatePem(),
            NotBefore = notBefore,
            NotAfter = notAfter,
        };
    }

    /// <summary>Orders placed with only an organization name (no details): O and C=US, as before details existed.</summary>
    private static X500DistinguishedName LegacySubject(SandboxOrder order)
    {
        var smime = order.Kind == ProductKind.Smime;
        var subject = new X500DistinguishedNameBuilder();
        // S/MIME: only a sponsor-validated (enterprise) certificate names an organization; an individual-validated one never does.
        if (order.Kind is ProductKind.Ov or ProductKind.Ev || (smime && order.Steps.Any(s => s.Name == Products.Organization.Name)))
        {
            subject.AddOrganizationName(order.OrganizationName ?? "Sandbox Test Organization");
            subject.AddCountryOrRegion("US");
        }
        if (smime) subject.AddEmailAddress(order.DnsNames[0]);
        else subject.AddCommonName(order.DnsNames[0]);
        return subject.Build();
    }

    /// <summary>Leaf then intermediate, PEM (the root is published separately at <c>/v1/root</c>).</summary>
    public string ChainPem(IssuedCertificate leaf) => leaf.Pem.TrimEnd() + "\n" + ca.Intermediate.ExportCertificatePem().TrimEnd() + "\n";

    private static X509Extension PolicyExtension(string oid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
        }
        return new X509Extension("2.5.29.32", writer.Encode(), false);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
