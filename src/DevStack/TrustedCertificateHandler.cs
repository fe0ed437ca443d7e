using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.DevStack;

/// <summary>Trusts one pinned certificate (a local CA's self-signed TLS certificate) in addition to the system's.</summary>
public static class TrustedCertificateHandler
{
    public static HttpMessageHandler Create(X509Certificate2 pinned) => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && certificate.GetCertHashString() == pinned.GetCertHashString()),
        },
    };

    public static HttpMessageHandler FromPemFile(string? path) =>
        string.IsNullOrEmpty(path) ? new SocketsHttpHandler() : Create(X509Certificate2.CreateFromPem(File.ReadAllText(path)));
}
