using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SslFlow.AcmeClient;

/// <summary>
/// An RFC 8555 client: JWS (ES256) requests with nonce handling (a <c>badNonce</c> is retried with the fresh nonce
/// the error carries), External Account Binding (§7.3.4), orders, authorizations, challenges, finalize, download
/// (with alternate chains), revocation, and ARI renewal information (RFC 9773) when the directory offers it.
/// Thread-safe; one instance per account.
/// </summary>
public sealed class AcmeClient(HttpClient http, Uri directoryUri, IJwsSigner key, ILogger? logger = null)
{
    private readonly string _thumbprint = Jwk.Thumbprint(key.JwkJson);
    private const int MaxNonceRetries = 10;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly SemaphoreSlim _directoryGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _nonces = new();
    private AcmeDirectory? _directory;

    private int _badNonceRetries;

    /// <summary>How many requests were sent again after a <c>badNonce</c> (Pebble rejects a share of nonces on purpose).</summary>
    public int BadNonceRetries => Volatile.Read(ref _badNonceRetries);

    /// <summary>The account URL (the JWS <c>kid</c>) once <see cref="NewAccountAsync"/> ran or <see cref="UseAccount"/> set it.</summary>
    public Uri? AccountUrl { get; private set; }

    /// <summary>The RFC 7638 thumbprint of this client's account key (the second half of a key authorization).</summary>
    public string Thumbprint => _thumbprint;

    /// <summary>The account key this client signs with.</summary>
    public IJwsSigner Signer => key;

    /// <summary>Uses an account URL found earlier (kept in a table) for this key, without a newAccount request.</summary>
    public void UseAccount(Uri accountUrl) => AccountUrl = accountUrl;

    public async Task<AcmeDirectory> GetDirectoryAsync(CancellationToken cancellationToken = default)
    {
        if (_directory is not null) return _directory;
        await _directoryGate.WaitAsync(cancellationToken);
        try
        {
            return _directory ??= JsonSerializer.Deserialize<AcmeDirectory>(await http.GetStringAsync(directoryUri, cancellationToken))
                                  ?? throw new InvalidDataException("Empty ACME directory.");
        }
        finally
        {
            _directoryGate.Release();
        }
    }

    /// <summary>
    /// Creates the account, or finds it: ACME returns the existing account for a known key, so this is re-runnable.
    /// <paramref name="eabKeyId"/>/<paramref name="eabHmacKey"/> (base64url) bind it to the CA's external account.
    /// </summary>
    public async Task<Uri> NewAccountAsync(IEnumerable<string> contactEmails, string? eabKeyId = null, string? eabHmacKey = null, string eabAlgorithm = "HS256",
        CancellationToken cancellationToken = default)
    {
        var dir = await GetDirectoryAsync(cancellationToken);
        var payload = new JsonObject
        {
            ["termsOfServiceAgreed"] = true,
            ["contact"] = new JsonArray(contactEmails.Select(e => (JsonNode)JsonValue.Create("mailto:" + e)!).ToArray()),
        };
        // Empty settings (the Bicep's '') mean no binding: an EAB object with kid "" is refused by CAs that do not want one.
        if (!string.IsNullOrEmpty(eabKeyId) && !string.IsNullOrEmpty(eabHmacKey))
        {
            payload["externalAccountBinding"] = ExternalAccountBinding(dir.NewAccount, eabKeyId, Base64Url.Decode(eabHmacKey), eabAlgorithm);
        }
        var response = await PostAsync(dir.NewAccount, payload.ToJsonString(), useJwk: true, cancellationToken);
        AccountUrl = response.Location ?? throw new InvalidDataException("newAccount answered without a Location.");
        return AccountUrl;
    }

    /// <summary>
    /// Finds the account of this key without creating one (§7.3.1 <c>onlyReturnExisting</c>); null when the CA knows
    /// no account for it (<c>accountDoesNotExist</c>).
    /// </summary>
    public async Task<Uri?> FindAccountAsync(CancellationToken cancellationToken = default)
    {
        var dir = await GetDirectoryAsync(cancellationToken);
        try
        {
            var response = await PostAsync(dir.NewAccount, new JsonObject { ["onlyReturnExisting"] = true }.ToJsonString(), useJwk: true, cancellationToken);
            return AccountUrl = response.Location ?? throw new InvalidDataException("newAccount answered without a Location.");
        }
        catch (AcmeProblemException ex) when (ex.Problem.Kind == "accountDoesNotExist")
        {
            return null;
        }
    }

    /// <summary>
    /// Rolls the account over to <paramref name="newKey"/> (§7.3.5): an inner JWS signed by the new key (its JWK, the
    /// keyChange URL, no nonce) with the account URL and the old JWK, inside a request signed by this client's key.
    /// Afterwards this client's key no longer speaks for the account; make a client with the new key.
    /// </summary>
    public async Task KeyChangeAsync(IJwsSigner newKey, CancellationToken cancellationToken = default)
    {
        var dir = await GetDirectoryAsync(cancellationToken);
        var url = dir.KeyChange ?? throw new NotSupportedException("The CA has no keyChange endpoint.");
        var account = AccountUrl ?? throw new InvalidOperationException("Create or find the account first.");
        var innerHeader = new JsonObject { ["alg"] = newKey.Algorithm, ["jwk"] = JsonNode.Parse(newKey.JwkJson), ["url"] = url.ToString() };
        var innerPayload = new JsonObject { ["account"] = account.ToString(), ["oldKey"] = JsonNode.Parse(key.JwkJson) };
        var protectedB64 = Base64Url.Encode(Encoding.UTF8.GetBytes(innerHeader.ToJsonString()));
        var payloadB64 = Base64Url.Encode(Encoding.UTF8.GetBytes(innerPayload.ToJsonString()));
        var signature = Base64Url.Encode(await newKey.SignAsync(Encoding.ASCII.GetBytes($"{protectedB64}.{payloadB64}"), cancellationToken));
        var inner = new JsonObject { ["protected"] = protectedB64, ["payload"] = payloadB64, ["signature"] = signature }.ToJsonString();
        await PostAsync(url, inner, false, cancellationToken);
    }

    public async Task<AcmeOrder> NewOrderAsync(IEnumerable<string> dnsNames, string? replaces = null, string? profile = null, CancellationToken cancellationToken = default)
    {
        var dir = await GetDirectoryAsync(cancellationToken);
        var payload = new JsonObject
        {
            ["identifiers"] = new JsonArray(dnsNames.Select(n => (JsonNode)new JsonObject { ["type"] = "dns", ["value"] = n }).ToArray()),
        };
        // Only send what the directory says it understands (RFC 9773 §5; profiles draft).
        if (replaces is not null && dir.RenewalInfo is not null) payload["replaces"] = replaces;
        if (profile is not null)
        {
            if (dir.Meta?.Profiles?.ContainsKey(profile) != true) throw new ArgumentException($"The CA does not offer the profile '{profile}'.", nameof(profile));
            payload["profile"] = profile;
        }
        var response = await PostAsync(dir.NewOrder, payload.ToJsonString(), useJwk: false, cancellationToken);
        return Read<AcmeOrder>(response) with { Location = response.Location };
    }

    public async Task<AcmeOrder> GetOrderAsync(Uri orderUrl, CancellationToken cancellationToken = default) =>
        Read<AcmeOrder>(await PostAsync(orderUrl, null, false, cancellationToken)) with { Location = orderUrl };

    public async Task<AcmeAuthorization> GetAuthorizationAsync(Uri url, CancellationToken cancellationToken = default) =>
        Read<AcmeAuthorization>(await PostAsync(url, null, false, cancellationToken));

    /// <summary>Tells the CA to validate the challenge (payload <c>{}</c>, §7.5.1).</summary>
    public async Task<AcmeChallenge> AnswerChallengeAsync(Uri challengeUrl, CancellationToken cancellationToken = default) =>
        Read<AcmeChallenge>(await PostAsync(challengeUrl, "{}", false, cancellationToken));

    public async Task<AcmeOrder> FinalizeAsync(AcmeOrder order, byte[] csrDer, CancellationToken cancellationToken = default)
    {
        var payload = new JsonObject { ["csr"] = Base64Url.Encode(csrDer) }.ToJsonString();
        return Read<AcmeOrder>(await PostAsync(order.Finalize, payload, false, cancellationToken)) with { Location = order.Location };
    }

    /// <summary>The chain (leaf first, DER). With <paramref name="preferredIssuer"/>, picks the alternate chain whose top issuer's CN contains it.</summary>
    public async Task<AcmeChain> DownloadCertificateAsync(Uri certificateUrl, string? preferredIssuer = null, CancellationToken cancellationToken = default)
    {
        var response = await PostAsync(certificateUrl, null, false, cancellationToken, accept: "application/pem-certificate-chain");
        var chain = ParsePemChain(Encoding.ASCII.GetString(response.Body));
        var alternates = response.Links.Where(l => l.Rel == "alternate").Select(l => l.Url).ToList();
        if (preferredIssuer is not null && !TopIssuerMatches(chain, preferredIssuer))
        {
            foreach (var url in alternates)
            {
                var alt = ParsePemChain(Encoding.ASCII.GetString((await PostAsync(url, null, false, cancellationToken, accept: "application/pem-certificate-chain")).Body));
                if (TopIssuerMatches(alt, preferredIssuer)) return new AcmeChain(alt, alternates);
            }
        }
        return new AcmeChain(chain, alternates);
    }

    /// <summary>Revokes with an RFC 5280 reason (§7.6), signed by the account key.</summary>
    public async Task RevokeCertificateAsync(byte[] certificateDer, int reason, CancellationToken cancellationToken = default)
    {
        var dir = await GetDirectoryAsync(cancellationToken);
        var revoke = dir.RevokeCert ?? throw new NotSupportedException("The CA has no revokeCert endpoint.");
        var payload = new JsonObject { ["certificate"] = Base64Url.Encode(certificateDer), ["reason"] = reason }.ToJsonString();
        await PostAsync(revoke, payload, false, cancellationToken);
    }

    /// <summary>ARI (RFC 9773): the suggested window, or null when the CA has no renewalInfo.</summary>
    public async Task<(DateTimeOffset Start, DateTimeOffset End, TimeSpan? RetryAfter)?> GetRenewalInfoAsync(byte[] certificateDer, CancellationToken cancellationToken = default)
    {
        var dir = await GetDirectoryAsync(cancellationToken);
        if (dir.RenewalInfo is null) return null;
        using var response = await http.GetAsync(new Uri(dir.RenewalInfo.ToString().TrimEnd('/') + "/" + AriCertId(certificateDer)), cancellationToken);
        response.EnsureSuccessStatusCode();
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["suggestedWindow"]!;
        return (DateTimeOffset.Parse(json["start"]!.GetValue<string>()), DateTimeOffset.Parse(json["end"]!.GetValue<string>()), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>ARI certificate identifier: base64url(AKI keyIdentifier) "." base64url(serial DER content).</summary>
    public static string AriCertId(byte[] certificateDer)
    {
        using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificateDer);
        var aki = cert.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier
                  ?? throw new InvalidDataException("The certificate has no authority key identifier.");
        return $"{Base64Url.Encode(aki.Span)}.{Base64Url.Encode(cert.SerialNumberBytes.Span)}";
    }

    /// <summary>The http-01 file content and the dns-01 TXT value for a token (§8.1, §8.3, §8.4).</summary>
    public string KeyAuthorization(string token) => $"{token}.{_thumbprint}";

    public string Dns01TxtValue(string token) => Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(KeyAuthorization(token))));

    private JsonObject ExternalAccountBinding(Uri newAccountUrl, string keyId, byte[] hmacKey, string algorithm)
    {
        var protectedHeader = Base64Url.Encode(Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = algorithm, ["kid"] = keyId, ["url"] = newAccountUrl.ToString() }.ToJsonString()));
        var payload = Base64Url.Encode(Encoding.UTF8.GetBytes(key.JwkJson));
        var signingInput = Encoding.ASCII.GetBytes($"{protectedHeader}.{payload}");
        byte[] mac = algorithm switch
        {
            "HS256" => HMACSHA256.HashData(hmacKey, signingInput),
            "HS384" => HMACSHA384.HashData(hmacKey, signingInput),
            "HS512" => HMACSHA512.HashData(hmacKey, signingInput),
            _ => throw new ArgumentException($"Unsupported EAB algorithm '{algorithm}'.", nameof(algorithm)),
        };
        return new JsonObject { ["protected"] = protectedHeader, ["payload"] = payload, ["signature"] = Base64Url.Encode(mac) };
    }

    private sealed record Response(byte[] Body, Uri? Location, IReadOnlyList<(string Rel, Uri Url)> Links);

    /// <summary>A signed POST (payload null = POST-as-GET, §6.3); badNonce is retried with a fresh nonce.</summary>
    private async Task<Response> PostAsync(Uri url, string? payload, bool useJwk, CancellationToken cancellationToken, string accept = "application/json")
    {
        for (var attempt = 1; ; attempt++)
        {
            var nonce = await NextNonceAsync(cancellationToken);
            var header = new JsonObject { ["alg"] = key.Algorithm, ["nonce"] = nonce, ["url"] = url.ToString() };
            if (useJwk) header["jwk"] = JsonNode.Parse(key.JwkJson);
            else header["kid"] = (AccountUrl ?? throw new InvalidOperationException("Create or find the account first.")).ToString();
            var protectedB64 = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()));
            var payloadB64 = payload is null ? "" : Base64Url.Encode(Encoding.UTF8.GetBytes(payload));
            var signature = Base64Url.Encode(await key.SignAsync(Encoding.ASCII.GetBytes($"{protectedB64}.{payloadB64}"), cancellationToken));
            var body = new JsonObject { ["protected"] = protectedB64, ["payload"] = payloadB64, ["signature"] = signature }.ToJsonString();

            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/jose+json");
            request.Headers.Accept.ParseAdd(accept);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Replay-Nonce", out var fresh)) foreach (var n in fresh) _nonces.Enqueue(n);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var links = response.Headers.TryGetValues("Link", out var values) ? ParseLinks(values, url) : [];
                return new Response(bytes, response.Headers.Location is { } l ? new Uri(url, l) : null, links);
            }
            var problem = TryReadProblem(bytes) ?? new AcmeProblem(null, $"HTTP {(int)response.StatusCode} from {url}", (int)response.StatusCode, null, null);
            if (problem.Kind == "badNonce" && attempt < MaxNonceRetries)
            {
                Interlocked.Increment(ref _badNonceRetries);
                _logger.LogDebug("badNonce from {Url}; retrying with a fresh nonce", url);
                continue;
            }
            throw new AcmeProblemException(problem, (int)response.StatusCode, RetryAfter(response));
        }
    }

    private async Task<string> NextNonceAsync(CancellationToken cancellationToken)
    {
        if (_nonces.TryDequeue(out var nonce)) return nonce;
        var dir = await GetDirectoryAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Head, dir.NewNonce);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.Headers.TryGetValues("Replay-Nonce", out var values) ? values.First() : throw new InvalidDataException("newNonce gave no Replay-Nonce.");
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } d } => d,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    private static AcmeProblem? TryReadProblem(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize<AcmeProblem>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static T Read<T>(Response response) => JsonSerializer.Deserialize<T>(response.Body) ?? throw new InvalidDataException($"Empty {typeof(T).Name}.");

    private static List<(string, Uri)> ParseLinks(IEnumerable<string> headers, Uri baseUrl)
    {
        var links = new List<(string, Uri)>();
        foreach (var part in headers.SelectMany(h => h.Split(',')))
        {
            var m = System.Text.RegularExpressions.Regex.Match(part, "<([^>]+)>.*rel=\"?([^\";]+)\"?");
            if (m.Success) links.Add((m.Groups[2].Value, new Uri(baseUrl, m.Groups[1].Value)));
        }
        return links;
    }

    private static List<byte[]> ParsePemChain(string pem)
    {
        var chain = new List<byte[]>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(pem, "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            chain.Add(Convert.FromBase64String(m.Groups[1].Value.Replace("\n", "").Replace("\r", "")));
        }
        return chain.Count > 0 ? chain : throw new InvalidDataException("The certificate download held no PEM certificate.");
    }

    private static bool TopIssuerMatches(List<byte[]> chain, string issuer)
    {
        using var top = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(chain[^1]);
        return top.Issuer.Contains(issuer, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>An issued chain, leaf first (DER), and the alternate chain URLs the CA offered.</summary>
public sealed record AcmeChain(IReadOnlyList<byte[]> Certificates, IReadOnlyList<Uri> Alternates);
