using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.SandboxCa;

/// <summary>
/// The sandbox's test root and intermediate (ECDSA P-256), made on first start and kept as PEM in the data
/// directory so certificates issued before a restart still chain to the same root.
/// </summary>
public sealed class CaHierarchy : IDisposable
{
    private CaHierarchy(X509Certificate2 root, X509Certificate2 intermediate, ECDsa intermediateKey)
    {
        Root = root;
        Intermediate = intermediate;
        IntermediateKey = intermediateKey;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public ECDsa IntermediateKey { get; }

    public static CaHierarchy LoadOrCreate(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        var rootPath = Path.Combine(directory, "root.pem");
        var intermediatePath = Path.Combine(directory, "intermediate.pem");
        var intermediateKeyPath = Path.Combine(directory, "intermediate.key");
        if (File.Exists(rootPath) && File.Exists(intermediatePath) && File.Exists(intermediateKeyPath))
        {
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(intermediateKeyPath));
            return new CaHierarchy(X509Certificate2.CreateFromPem(File.ReadAllText(rootPath)), X509Certificate2.CreateFromPem(File.ReadAllText(intermediatePath)), key);
        }

        var now = time.GetUtcNow();
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=SslFlow Sandbox Test Root, O=SslFlow Sandbox, C=US", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddHours(-1), now.AddYears(20));

        var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=SslFlow Sandbox Issuing CA, O=SslFlow Sandbox, C=US", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        var intermediate = intermediateRequest.Create(root, now.AddHours(-1), now.AddYears(10), RandomSerial());

        // The root key is not kept: the intermediate is all the sandbox signs with (as a real CA keeps its root offline).
        var rootPublic = X509CertificateLoader.LoadCertificate(root.RawData);
        WriteAtomically(rootPath, rootPublic.ExportCertificatePem());
        WriteAtomically(intermediatePath, intermediate.ExportCertificatePem());
        WriteAtomically(intermediateKeyPath, intermediateKey.ExportPkcs8PrivateKeyPem());
        return new CaHierarchy(rootPublic, intermediate, intermediateKey);
    }

    /// <summary>16 random bytes, positive and minimally encoded (top bits 01).</summary>
    public static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }

    public static void WriteAtomically(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        IntermediateKey.Dispose();
    }
}
