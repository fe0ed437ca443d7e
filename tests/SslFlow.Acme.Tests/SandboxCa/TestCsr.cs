using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.Acme.Tests.SandboxCa;

/// <summary>A CSR for names (CN = first name, SANs = all) and the key that signed it.</summary>
public sealed class TestCsr : IDisposable
{
    public TestCsr(params string[] names)
    {
        var request = new CertificateRequest($"CN={names[0]}", Key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var n in names) san.AddDnsName(n);
        request.CertificateExtensions.Add(san.Build());
        Der = request.CreateSigningRequest();
    }

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] Der { get; }

    public void Dispose() => Key.Dispose();
}
