using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.Vault.Tests;

/// <summary>An in-test CA (ECDSA P-256 root) that signs CSRs like a real CA would: the leaf carries the CSR's key and SANs.</summary>
public sealed class TestCa : IDisposable
{
    public static readonly DateTimeOffset NotBefore = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2026, 9, 17, 0, 0, 0, TimeSpan.Zero);

    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCa()
    {
        var request = new CertificateRequest("CN=SslFlow Test Root", _rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Root = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public X509Certificate2 Root { get; }

    /// <summary>Signs the CSR (its signature is verified first) and returns the chain, leaf first.</summary>
    public IReadOnlyList<byte[]> Issue(byte[] csrDer, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var request = Csrs.Load(csrDer);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // The generator overload lets the ECDSA root sign RSA keys too.
        using var leaf = request.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_rootKey), notBefore ?? NotBefore, notAfter ?? NotAfter, Serial());
        return [leaf.RawData, Root.RawData];
    }

    /// <summary>A certificate for the same names but a key the vault never made.</summary>
    public IReadOnlyList<byte[]> IssueForAnotherKey(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(commonName);
        request.CertificateExtensions.Add(san.Build());
        using var leaf = request.Create(Root, NotBefore, NotAfter, Serial());
        return [leaf.RawData, Root.RawData];
    }

    public void Dispose()
    {
        Root.Dispose();
        _rootKey.Dispose();
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }
}
