using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Security.KeyVault.Certificates;
using Moq;
using SslFlow.Vault.KeyVault;

namespace SslFlow.Vault.Tests;

/// <summary>
/// Key Vault's certificate behaviour behind Moq: a mocked <see cref="CertificateClient"/> answering with
/// <see cref="CertificateModelFactory"/> models, and a mocked <see cref="ICertificateOperations"/> (the SDK's
/// CertificateOperation cannot be built by the model factory). Like the service it makes the key and CSR from the
/// policy, answers 409 while an operation is pending, refuses a merge for another key and keeps the previous version
/// current until a merge.
/// </summary>
public sealed class FakeKeyVault
{
    public static readonly Uri VaultUri = new("https://sslflow-test.vault.azure.net/");

    private readonly object _gate = new();
    private readonly Dictionary<string, FakeOperation> _operations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, KeyVaultCertificateWithPolicy> _current = new(StringComparer.OrdinalIgnoreCase);

    public FakeKeyVault()
    {
        Operations
            .Setup(o => o.StartCreateAsync(It.IsAny<string>(), It.IsAny<CertificatePolicy>(), It.IsAny<CancellationToken>()))
            .Returns((string name, CertificatePolicy policy, CancellationToken _) => StartCreateAsync(name, policy));
        Operations
            .Setup(o => o.GetOperationAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string name, CancellationToken _) => Answer(() => GetOperation(name)));
        Operations
            .Setup(o => o.CancelAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string name, CancellationToken _) => Answer(() => Cancel(name)));
        Client
            .Setup(c => c.GetCertificateAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string name, CancellationToken _) => Answer(() => GetCertificate(name)));
        Client
            .Setup(c => c.MergeCertificateAsync(It.IsAny<MergeCertificateOptions>(), It.IsAny<CancellationToken>()))
            .Returns((MergeCertificateOptions options, CancellationToken _) => Answer(() => Merge(options)));
    }

    public Mock<CertificateClient> Client { get; } = new(MockBehavior.Strict);

    public Mock<ICertificateOperations> Operations { get; } = new(MockBehavior.Strict);

    public List<CertificatePolicy> Policies { get; } = [];

    public List<MergeCertificateOptions> Merges { get; } = [];

    public Task<PendingCertificateOperation> StartCreateAsync(string name, CertificatePolicy policy) => Answer(() => StartCreate(name, policy));

    public Task<Response<KeyVaultCertificateWithPolicy>> MergeAsync(MergeCertificateOptions options) => Answer(() => Merge(options));

    private PendingCertificateOperation StartCreate(string name, CertificatePolicy policy)
    {
        lock (_gate)
        {
            Policies.Add(policy);
            if (_operations.TryGetValue(name, out var existing) && existing.Status == "inProgress")
            {
                throw new RequestFailedException(409, "There is a pending operation on this certificate.", "Conflict", null);
            }

            var key = CreateKey(policy);
            var request = key is RSA rsa
                ? new CertificateRequest(policy.Subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest(policy.Subject, (ECDsa)key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dns in policy.SubjectAlternativeNames.DnsNames)
            {
                san.AddDnsName(dns);
            }

            foreach (var email in policy.SubjectAlternativeNames.Emails)
            {
                san.AddEmailAddress(email);
            }

            request.CertificateExtensions.Add(san.Build());
            var operation = new FakeOperation(Guid.NewGuid().ToString("N"), key, request.CreateSigningRequest(), policy);
            _operations[name] = operation;
            return Describe(name, operation);
        }
    }

    private PendingCertificateOperation? GetOperation(string name)
    {
        lock (_gate)
        {
            // Like the service, a finished operation is still returned (status "completed").
            return _operations.TryGetValue(name, out var operation) ? Describe(name, operation) : null;
        }
    }

    private bool Cancel(string name)
    {
        lock (_gate)
        {
            return _operations.Remove(name);
        }
    }

    private Response<KeyVaultCertificateWithPolicy> GetCertificate(string name)
    {
        lock (_gate)
        {
            return _current.TryGetValue(name, out var certificate)
                ? Response.FromValue(certificate, Mock.Of<Response>())
                : throw new RequestFailedException(404, "A certificate with (name/id) was not found in this key vault.", "CertificateNotFound", null);
        }
    }

    private Response<KeyVaultCertificateWithPolicy> Merge(MergeCertificateOptions options)
    {
        lock (_gate)
        {
            Merges.Add(options);
            var chain = options.X509Certificates.ToArray();
            if (!_operations.TryGetValue(options.Name, out var operation) || operation.Status != "inProgress")
            {
                throw new RequestFailedException(403, "Pending certificate not found.", "Forbidden", null);
            }

            using var leaf = X509CertificateLoader.LoadCertificate(chain[0]);
            if (!leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(operation.Key.ExportSubjectPublicKeyInfo()))
            {
                throw new RequestFailedException(400, "Public key from x509 certificate and key of this instance doesn't match.", "BadParameter", null);
            }

            var version = Guid.NewGuid().ToString("N");
            var properties = CertificateModelFactory.CertificateProperties(
                new Uri(VaultUri, $"certificates/{options.Name}/{version}"),
                options.Name,
                VaultUri,
                version,
                leaf.GetCertHash(),
                leaf.NotBefore.ToUniversalTime(),
                leaf.NotAfter.ToUniversalTime(),
                DateTimeOffset.UnixEpoch,
                DateTimeOffset.UnixEpoch,
                "Recoverable+Purgeable");
            var certificate = CertificateModelFactory.KeyVaultCertificateWithPolicy(
                properties,
                new Uri(VaultUri, $"keys/{options.Name}/{version}"),
                new Uri(VaultUri, $"secrets/{options.Name}/{version}"),
                chain[0],
                operation.Policy);
            _current[options.Name] = certificate;
            operation.Status = "completed";
            return Response.FromValue(certificate, Mock.Of<Response>());
        }
    }

    private static PendingCertificateOperation Describe(string name, FakeOperation operation) =>
        new(name, operation.RequestId, operation.Status, operation.Csr);

    private static AsymmetricAlgorithm CreateKey(CertificatePolicy policy)
    {
        if (policy.KeyType == CertificateKeyType.Ec)
        {
            return ECDsa.Create(policy.KeyCurveName == CertificateKeyCurveName.P384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256);
        }

        Assert.Equal(CertificateKeyType.Rsa, policy.KeyType);
        return RSA.Create(policy.KeySize ?? 2048);
    }

    /// <summary>Failures come back as faulted tasks, like the SDK's async calls.</summary>
    private static Task<T> Answer<T>(Func<T> call)
    {
        try
        {
            return Task.FromResult(call());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private static Task Answer(Action call) => Answer(() =>
    {
        call();
        return true;
    });
}
