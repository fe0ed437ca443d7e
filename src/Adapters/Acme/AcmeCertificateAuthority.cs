using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SslFlow.AcmeClient;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Adapters.Acme;

/// <summary>
/// An ACME CA (RFC 8555) behind the CA port. The CA reference is the order URL. Every call is re-runnable:
/// submit finds the order it placed for the same order key, challenges are answered only while pending, and
/// finalize is sent only while the order is <c>ready</c> — never a second finalization.
/// </summary>
public sealed class AcmeCertificateAuthority : ICertificateAuthority, IDisposable
{
    private readonly AcmeOptions _options;
    private readonly AcmeOrderIndex _index;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly AccountKey _key;
    private readonly global::SslFlow.AcmeClient.AcmeClient _client;
    private readonly SemaphoreSlim _accountGate = new(1, 1);
    private readonly TimeProvider _time;
    private bool _accountReady;

    public AcmeCertificateAuthority(AcmeOptions options, AcmeOrderIndex index, ILogger<AcmeCertificateAuthority> logger, HttpMessageHandler? handler = null,
        TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _options = options;
        _index = index;
        _logger = logger;
        _http = new HttpClient(handler ?? CreateHandler(options.TrustedCertificatePath), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(60) };
        // One account per directory and EAB key id: the scope binds the encrypted key to them.
        var scope = $"{options.DirectoryUrl}|{options.EabKeyId}";
        var file = $"acme-account-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(scope)))[..16]}.key";
        _key = AccountKeyStore.LoadOrCreate(Path.Combine(options.AccountKeyDirectory, file), Convert.FromBase64String(options.MasterKey), scope);
        _client = new global::SslFlow.AcmeClient.AcmeClient(_http, options.DirectoryUrl, _key, logger);
    }

    public string Name => _options.Name;

    /// <summary>Requests sent again after a <c>badNonce</c> (diagnostics; Pebble rejects a share of nonces on purpose).</summary>
    public int BadNonceRetries => _client.BadNonceRetries;

    public async Task<CaSubmission> SubmitAsync(CaOrderRequest request, CancellationToken cancellationToken)
    {
        if (Domain.Products.ProductCatalog.Find(request.ProductCode) is { IsSmime: true })
        {
            // Intake routes S/MIME to the order-API CA; this is the guard for a misrouted order, before any account or order call.
            throw new CaOrderFailedException($"ACME issues TLS server certificates only; the S/MIME product '{request.ProductCode}' is ordered from the order-API CA.");
        }
        await EnsureAccountAsync(cancellationToken);
        var method = request.DcvMethod == DcvMethod.Email ? throw new CaOrderFailedException("ACME validates by http-01 or dns-01, not by email.") : request.DcvMethod;
        AcmeOrder order;
        if (await _index.FindAsync(request.OrderKey, cancellationToken) is { } existing)
        {
            order = await Call(() => _client.GetOrderAsync(existing.OrderUrl, cancellationToken));
        }
        else
        {
            order = await Call(() => _client.NewOrderAsync(request.DnsNames, request.Replaces, _options.Profile, cancellationToken));
            await _index.SaveAsync(request.OrderKey, order.Location!, method, cancellationToken);
            _logger.LogInformation("ACME order {OrderUrl} placed for {OrderKey}", order.Location, request.OrderKey);
        }
        var challenges = new List<DcvChallenge>();
        foreach (var authzUrl in order.Authorizations)
        {
            var authz = await Call(() => _client.GetAuthorizationAsync(authzUrl, cancellationToken));
            if (authz.Status == "valid") continue; // reused authorization: nothing to prove
            var type = method == DcvMethod.Dns01 ? "dns-01" : "http-01";
            var challenge = authz.Challenges.FirstOrDefault(c => c.Type == type)
                            ?? throw new CaOrderFailedException($"The CA offers no {type} challenge for {authz.Identifier.Value}.");
            var name = authz.Wildcard == true ? "*." + authz.Identifier.Value : authz.Identifier.Value;
            challenges.Add(method == DcvMethod.Dns01
                ? new DcvChallenge(name, method, challenge.Token, _client.Dns01TxtValue(challenge.Token), $"_acme-challenge.{authz.Identifier.Value}")
                : new DcvChallenge(name, method, challenge.Token, _client.KeyAuthorization(challenge.Token), $"http://{authz.Identifier.Value}/.well-known/acme-challenge/{challenge.Token}"));
        }
        return new CaSubmission(order.Location!.ToString(), challenges);
    }

    public async Task StartValidationAsync(string caReference, CancellationToken cancellationToken)
    {
        await EnsureAccountAsync(cancellationToken);
        var url = new Uri(caReference);
        var method = await _index.FindMethodByUrlAsync(url, cancellationToken) ?? DcvMethod.Http01;
        var type = method == DcvMethod.Dns01 ? "dns-01" : "http-01";
        var order = await Call(() => _client.GetOrderAsync(url, cancellationToken));
        foreach (var authzUrl in order.Authorizations)
        {
            var authz = await Call(() => _client.GetAuthorizationAsync(authzUrl, cancellationToken));
            if (authz.Status != "pending") continue;
            var challenge = authz.Challenges.First(c => c.Type == type);
            if (challenge.Status == "pending") await Call(() => _client.AnswerChallengeAsync(challenge.Url, cancellationToken));
        }
    }

    public async Task<CaOrderState> GetStateAsync(string caReference, CancellationToken cancellationToken)
    {
        await EnsureAccountAsync(cancellationToken);
        var order = await Call(() => _client.GetOrderAsync(new Uri(caReference), cancellationToken));
        return new CaOrderState(caReference, Map(order.Status), order.Status == "invalid" ? await ReasonAsync(order, cancellationToken) : null);
    }

    public async Task<CaOrderState> FinalizeAsync(string caReference, byte[] csrDer, CancellationToken cancellationToken)
    {
        await EnsureAccountAsync(cancellationToken);
        var order = await Call(() => _client.GetOrderAsync(new Uri(caReference), cancellationToken));
        switch (order.Status)
        {
            case "ready":
                order = await Call(() => _client.FinalizeAsync(order, csrDer, cancellationToken));
                _logger.LogInformation("ACME order {OrderUrl} finalized", caReference);
                break;
            case "pending":
                throw new CaNotReadyException($"Order {caReference} is still pending validation.");
            case "invalid":
                throw new CaOrderFailedException(await ReasonAsync(order, cancellationToken));
        }
        return new CaOrderState(caReference, Map(order.Status));
    }

    public async Task<IReadOnlyList<byte[]>> DownloadAsync(string caReference, CancellationToken cancellationToken)
    {
        await EnsureAccountAsync(cancellationToken);
        var order = await Call(() => _client.GetOrderAsync(new Uri(caReference), cancellationToken));
        if (order.Status != "valid" || order.Certificate is null) throw new CaNotReadyException($"Order {caReference} is {order.Status}, not issued yet.");
        var chain = await Call(() => _client.DownloadCertificateAsync(order.Certificate, _options.PreferredChain, cancellationToken));
        return chain.Certificates;
    }

    public async Task RevokeAsync(byte[] certificateDer, int reason, CancellationToken cancellationToken)
    {
        await EnsureAccountAsync(cancellationToken);
        try
        {
            await _client.RevokeCertificateAsync(certificateDer, reason, cancellationToken);
        }
        catch (AcmeProblemException ex) when (ex.Problem.Kind == "alreadyRevoked")
        {
            // A re-run: revoked already.
        }
        catch (AcmeProblemException ex) when (!ReferenceEquals(ToWorkflowException(ex, _time), ex))
        {
            throw ToWorkflowException(ex, _time);
        }
    }

    /// <summary>ARI (RFC 9773): the suggested window and the certificate id a renewal sends as <c>replaces</c>; null when the directory has no renewalInfo.</summary>
    public async Task<CaRenewalInfo?> GetRenewalInfoAsync(byte[] certificateDer, CancellationToken cancellationToken)
    {
        var window = await Call(() => _client.GetRenewalInfoAsync(certificateDer, cancellationToken)); // an unauthenticated GET: no account needed
        return window is { } w ? new CaRenewalInfo(w.Start, w.End, global::SslFlow.AcmeClient.AcmeClient.AriCertId(certificateDer)) : null;
    }

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }

    private async Task EnsureAccountAsync(CancellationToken cancellationToken)
    {
        if (_accountReady) return;
        await _accountGate.WaitAsync(cancellationToken);
        try
        {
            if (_accountReady) return;
            await Call(() => _client.NewAccountAsync([_options.AccountEmail], _options.EabKeyId, _options.EabHmacKey, _options.EabAlgorithm, cancellationToken));
            _accountReady = true;
        }
        finally
        {
            _accountGate.Release();
        }
    }

    private async Task<string> ReasonAsync(AcmeOrder order, CancellationToken cancellationToken)
    {
        if (order.Error is { } e) return e.ToString();
        foreach (var url in order.Authorizations)
        {
            var authz = await _client.GetAuthorizationAsync(url, cancellationToken);
            if (authz.Challenges.FirstOrDefault(c => c.Error is not null)?.Error is { } problem) return $"{authz.Identifier.Value}: {problem}";
        }
        return "The certificate authority invalidated the order.";
    }

    /// <summary>ACME problems become the workflow's vocabulary (<see cref="ToWorkflowException"/>).</summary>
    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AcmeProblemException ex) when (ToWorkflowException(ex, _time) is { } mapped && !ReferenceEquals(mapped, ex))
        {
            throw mapped;
        }
    }

    /// <summary>Default wait when a retry-later problem carries no Retry-After (Let's Encrypt's first retry step).</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// RetryLater → <see cref="CaRateLimitedException"/> at now + Retry-After (the pipeline waits durably; orderNotReady →
    /// <see cref="CaNotReadyException"/>, polled again); OrderFailed → <see cref="CaOrderFailedException"/> with the CA's
    /// reason (ACTIVATION ERROR); Operator → the problem itself, a failure for a person to look at.
    /// </summary>
    public static Exception ToWorkflowException(AcmeProblemException ex, TimeProvider time) => ex.Classify() switch
    {
        AcmeProblemClass.RetryLater when ex.Problem.Kind == "orderNotReady" => new CaNotReadyException($"ACME {ex.Problem}"),
        AcmeProblemClass.RetryLater => new CaRateLimitedException(time.GetUtcNow() + (ex.RetryAfter is { Ticks: > 0 } wait ? wait : DefaultRetryAfter), $"ACME {ex.Problem}"),
        AcmeProblemClass.OrderFailed => new CaOrderFailedException(ex.Problem.ToString()),
        _ => ex,
    };

    private static CaOrderStatus Map(string status) => status switch
    {
        "pending" => CaOrderStatus.Pending,
        "ready" => CaOrderStatus.Ready,
        "processing" => CaOrderStatus.Processing,
        "valid" => CaOrderStatus.Valid,
        _ => CaOrderStatus.Invalid,
    };

    private static HttpMessageHandler CreateHandler(string? trustedPemPath)
    {
        if (string.IsNullOrEmpty(trustedPemPath)) return new SocketsHttpHandler();
        var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(trustedPemPath)).GetCertHashString();
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) => errors == SslPolicyErrors.None || cert?.GetCertHashString() == pinned,
            },
        };
    }
}
