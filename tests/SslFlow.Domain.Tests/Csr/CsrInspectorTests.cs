using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SslFlow.Domain.Csr;
using SslFlow.Domain.Keys;

namespace SslFlow.Domain.Tests.Csr;

public class CsrInspectorTests
{
    internal static string MakeCsr(AsymmetricAlgorithm key, string subject, params string[] sans)
    {
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("key"),
        };
        if (sans.Length > 0)
        {
            var builder = new SubjectAlternativeNameBuilder();
            foreach (var san in sans)
            {
                if (san.Contains('@')) builder.AddEmailAddress(san);
                else if (System.Net.IPAddress.TryParse(san, out var ip)) builder.AddIpAddress(ip);
                else builder.AddDnsName(san);
            }
            request.CertificateExtensions.Add(builder.Build());
        }
        return request.CreateSigningRequestPem();
    }

    [Fact]
    public void A_good_ec_csr_yields_its_names_and_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var inspection = CsrInspector.Inspect(MakeCsr(key, "CN=www.example.com", "www.example.com", "Example.com"));
        Assert.True(inspection.IsValid, string.Join("; ", inspection.Errors));
        var info = inspection.Info!;
        Assert.Equal("www.example.com", info.CommonName);
        Assert.Equal(["www.example.com", "Example.com"], info.DnsNames);
        Assert.Equal(KeyAlgorithm.EcP256, info.Key);
        Assert.Empty(CsrInspector.NameMismatches(info, ["www.example.com", "example.com"]));
    }

    [Fact]
    public void A_good_rsa_csr_in_bare_base64_is_read()
    {
        using var key = RSA.Create(2048);
        var pem = MakeCsr(key, "CN=example.com");
        var base64 = string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----")));
        var inspection = CsrInspector.Inspect(base64);
        Assert.True(inspection.IsValid);
        Assert.Equal(KeyAlgorithm.Rsa2048, inspection.Info!.Key);
        Assert.Empty(CsrInspector.NameMismatches(inspection.Info, ["example.com"]));
    }

    [Fact]
    public void A_bad_signature_is_refused()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=example.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var der = request.CreateSigningRequest();
        der[^1] ^= 0x01; // last byte of the signature
        var inspection = CsrInspector.Inspect(Convert.ToBase64String(der));
        Assert.False(inspection.IsValid);
        Assert.Contains("signature", inspection.Errors[0]);
    }

    [Fact]
    public void Garbage_is_refused()
    {
        Assert.Contains("neither PEM nor base64", CsrInspector.Inspect("not a csr!").Errors[0]);
        Assert.Contains("PKCS#10", CsrInspector.Inspect(Convert.ToBase64String([1, 2, 3])).Errors[0]);
        Assert.Contains("empty", CsrInspector.Inspect(" ").Errors[0]);
    }

    [Fact]
    public void Weak_keys_are_refused()
    {
        using var rsa = RSA.Create(1024);
        var weak = CsrInspector.Inspect(MakeCsr(rsa, "CN=example.com"));
        Assert.False(weak.IsValid);
        Assert.Contains("2048", weak.Errors.Single());

        using var p521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var curve = CsrInspector.Inspect(MakeCsr(p521, "CN=example.com"));
        Assert.False(curve.IsValid);
        Assert.Contains("P-256", curve.Errors.Single());

        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Equal(KeyAlgorithm.EcP384, CsrInspector.Inspect(MakeCsr(p384, "CN=example.com")).Info!.Key);
    }

    [Fact]
    public void Name_mismatches_are_listed_both_ways()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var info = CsrInspector.Inspect(MakeCsr(key, "CN=www.example.com", "www.example.com", "other.example.com")).Info!;
        var problems = CsrInspector.NameMismatches(info, ["www.example.com", "shop.example.com"]);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("other.example.com") && p.Contains("the order does not"));
        Assert.Contains(problems, p => p.Contains("shop.example.com") && p.Contains("the CSR does not"));
    }

    [Fact]
    public void Ip_addresses_and_mailboxes_are_read_from_the_san()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ip = CsrInspector.Inspect(MakeCsr(key, "CN=example.com", "example.com", "192.0.2.1"));
        Assert.False(ip.IsValid);
        Assert.Contains("192.0.2.1", ip.Errors.Single());

        var smime = CsrInspector.Inspect(MakeCsr(key, "CN=Jane Doe", "Jane@Example.com")).Info!;
        Assert.Null(CsrInspector.MailboxMismatch(smime, "jane@example.com"));
        Assert.NotNull(CsrInspector.MailboxMismatch(smime, "john@example.com"));
    }

    [Theory]
    [InlineData("EcP256", KeyAlgorithm.EcP256)]
    [InlineData("p-384", KeyAlgorithm.EcP384)]
    [InlineData("rsa-2048", KeyAlgorithm.Rsa2048)]
    [InlineData("RSA4096", KeyAlgorithm.Rsa4096)]
    public void Parses_key_specs(string text, KeyAlgorithm spec)
    {
        Assert.True(KeyAlgorithms.TryParse(text, out var parsed));
        Assert.Equal(spec, parsed);
        Assert.False(KeyAlgorithms.TryParse("rsa-1024", out _));
        Assert.False(KeyAlgorithms.TryParse("7", out _));
    }
}
