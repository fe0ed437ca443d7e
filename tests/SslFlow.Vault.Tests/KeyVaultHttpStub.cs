using System.Net;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Certificates;

namespace SslFlow.Vault.Tests;

/// <summary>
/// Key Vault's REST surface at the HTTP level, so the real <see cref="CertificateClient"/> (serialization, paths,
/// error mapping) runs in tests. It answers the bearer challenge like the service, records authenticated requests and
/// hands them to <see cref="Respond"/>. The SDK's own retries are off: the code under test owns 429 handling.
/// </summary>
public sealed class KeyVaultHttpStub : HttpMessageHandler
{
    public static readonly Uri VaultUri = new("https://sslflow-test.vault.azure.net/");

    public List<(HttpMethod Method, string Path, string Body)> Requests { get; } = [];

    public Func<HttpMethod, string, string, (HttpStatusCode Status, string Json)> Respond { get; set; } =
        (_, _, _) => (HttpStatusCode.NotFound, """{"error":{"code":"NotFound","message":"not found"}}""");

    public CertificateClient CreateClient()
    {
        var options = new CertificateClientOptions { Transport = new HttpClientTransport(new HttpClient(this)) };
        options.Retry.MaxRetries = 0;
        return new CertificateClient(VaultUri, new StaticTokenCredential(), options);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null)
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("") };
            challenge.Headers.TryAddWithoutValidation(
                "WWW-Authenticate",
                "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"");
            return challenge;
        }

        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        Requests.Add((request.Method, path, body));
        var (status, json) = Respond(request.Method, path, body);
        return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
