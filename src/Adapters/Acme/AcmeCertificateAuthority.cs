using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SslFlow.AcmeClient;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Rules;

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
    private readonly AcmeAccountStore _accounts;
    private readonly IAccountKeyVault _keys;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    // Directory and ARI reads need no account; this client never signs, so its key is a throwaway in memory.
    private readonly AccountKey _anonymousKey = AccountKey.Create();
    private readonly global::SslFlow.AcmeClient.AcmeClient _anonymous;
    // One client per account key version (a rollover makes the next one); nonces are per client.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, global::SslFlow.AcmeClient.AcmeClient> _clients = new();
    private readonly SemaphoreSlim _accountGate = new(1, 1);
    private readonly TimeProvider _time;
    private global::SslFlow.AcmeClient.AcmeClient? _lastClient;

    /// <summary>
    /// The account key is made and kept in <paramref name="keys"/> (Key Vault or the local vault) and signs there; the
    /// account URL and the key version are in <paramref name="accounts"/>: every host on one vault and one table uses the same account.
    /// </summary>
    public AcmeCertificateAuthority(AcmeOptions options, AcmeOrderIndex index, AcmeAccountStore accounts, IAccountKeyVault keys, ILogger<AcmeCertificateAuthority> logger,
        HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _options = options;
        _index = index;
        _accounts = accounts;
        _keys = keys;
        _logger = logger;
        _http = new HttpClient(handler ?? CreateHandler(options.TrustedCertificatePath), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(60) };
        _anonymous = new global::SslFlow.AcmeClient.AcmeClient(_http, options.DirectoryUrl, _anonymousKey, logger);
    }

    public string Name => _options.Name;

    /// <summary>Requests sent again after a <c>badNonce</c> (diagnostics; Pebble rejects a share of nonces on purpose).</summary>
    public int BadNonceRetries => _clients.Values.Sum(c => c.BadNonceRetries);

    /// <summary>Whether EAB settings are given: empty key id or HMAC (the Bicep's '') mean none.</summary>
    private bool HasEab => !string.IsNullOrEmpty(_options.EabKeyId) && !string.IsNullOrEmpty(_options.EabHmacKey);

    private string? EabKeyId => HasEab ? _options.EabKeyId : null;

    public async Task<CaSubmission> SubmitAsync(CaOrderRequest request, CancellationToken cancellationToken)
    {
        if (Domain.Products.ProductCatalog.Find(request.ProductCode) is { IsSmime: true })
        {
            // Intake routes S/MIME to the order-API CA; this is the guard for a misrouted order, before any account or order call.
            throw new CaOrderFailedException($"ACME issues TLS server certificates only; the S/MIME product '{request.ProductCode}' is ordered from the order-API CA.");
        }
        var client = await AccountAsync(cancellationToken);
        var method = request.DcvMethod == DcvMethod.Email ? throw new CaOrderFailedException("ACME validates by http-01 or dns-01, not by email.") : request.DcvMethod;
        AcmeOrder order;
        if (await _index.FindAsync(request.OrderKey, cancellationToken) is { } existing)
        {
            order = await Call(() => client.GetOrderAsync(existing.OrderUrl, cancellationToken));
        }
        else
        {
            order = await Call(() => client.NewOrderAsync(request.DnsNames, request.Replaces, _options.Profile, cancellationToken));
            await _index.SaveAsync(request.OrderKey, order.Location!, method, cancellationToken);
            _logger.LogInformation("ACME order {OrderUrl} placed for {OrderKey}", order.Location, request.OrderKey);
        }
        var challenges = new List<DcvChallenge>();
        foreach (var authzUrl in order.Authorizations)
        {
            var authz = await Call(() => client.GetAuthorizationAsync(authzUrl, cancellationToken));
            if (authz.Status == "valid") continue; // reused authorization: nothing to prove
            var type = method == DcvMethod.Dns01 ? "dns-01" : "http-01";
            var challenge = authz.Challenges.FirstOrDefault(c => c.Type == type)
                            ?? throw new CaOrderFailedException($"The CA offers no {type} challenge for {authz.Identifier.Value}.");
            var name = authz.Wildcard == true ? "*." + authz.Identifier.Value : authz.Identifier.Value;
            challenges.Add(method == DcvMethod.Dns01
                ? new DcvChallenge(name, method, challenge.Token, client.Dns01TxtValue(challenge.Token), $"_acme-challenge.{authz.Identifier.Value}")
                : new DcvChallenge(name, method, challenge.Token, client.KeyAuthorization(challenge.Token), $"http://{authz.Identifier.Value}/.well-known/acme-challenge/{challenge.Token}"));
        }
        return new CaSubmission(order.Location!.ToString(), challenges);
    }

    public async Task StartValidationAsync(string caReference, CancellationToken cancellationToken)
    {
        var client = await AccountAsync(cancellationToken);
        var url = new Uri(caReference);
        var method = await _index.FindMethodByUrlAsync(url, cancellationToken) ?? DcvMethod.Http01;
        var type = method == DcvMethod.Dns01 ? "dns-01" : "http-01";
        var order = await Call(() => client.GetOrderAsync(url, cancellationToken));
        foreach (var authzUrl in order.Authorizations)
        {
            var authz = await Call(() => client.GetAuthorizationAsync(authzUrl, cancellationToken));
            if (authz.Status != "pending") continue;
            var challenge = authz.Challenges.First(c => c.Type == type);
            if (challenge.Status == "pending") await Call(() => client.AnswerChallengeAsync(challenge.Url, cancellationToken));
        }
    }

    public async Task<CaOrderState> GetStateAsync(string caReference, CancellationToken cancellationToken)
    {
        var client = await AccountAsync(cancellationToken);
        var order = await Call(() => client.GetOrderAsync(new Uri(caReference), cancellationToken));
        return new CaOrderState(caReference, Map(order.Status), order.Status == "invalid" ? await ReasonAsync(client, order, cancellationToken) : null);
    }

    public async Task<CaOrderState> FinalizeAsync(string caReference, byte[] csrDer, CancellationToken cancellationToken)
    {
        var client = await AccountAsync(cancellationToken);
        var order = await Call(() => client.GetOrderAsync(new Uri(caReference), cancellationToken));
        switch (order.Status)
        {
            case "ready":
                order = await Call(() => client.FinalizeAsync(order, csrDer, cancellationToken));
                _logger.LogInformation("ACME order {OrderUrl} finalized", caReference);
                break;
            case "pending":
                throw new CaNotReadyException($"Order {caReference} is still pending validation.");
            case "invalid":
                throw new CaOrderFailedException(await ReasonAsync(client, order, cancellationToken));
        }
        return new CaOrderState(caReference, Map(order.Status));
    }

    public async Task<IReadOnlyList<byte[]>> DownloadAsync(string caReference, CancellationToken cancellationToken)
    {
        var client = await AccountAsync(cancellationToken);
        var order = await Call(() => client.GetOrderAsync(new Uri(caReference), cancellationToken));
        if (order.Status != "valid" || order.Certificate is null) throw new CaNotReadyException($"Order {caReference} is {order.Status}, not issued yet.");
        var chain = await Call(() => client.DownloadCertificateAsync(order.Certificate, _options.PreferredChain, cancellationToken));
        return chain.Certificates;
    }

    public async Task RevokeAsync(byte[] certificateDer, int reason, CancellationToken cancellationToken)
    {
        var client = await AccountAsync(cancellationToken);
        try
        {
            await client.RevokeCertificateAsync(certificateDer, reason, cancellationToken);
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
        var window = await Call(() => _anonymous.GetRenewalInfoAsync(certificateDer, cancellationToken)); // an unauthenticated GET: no account needed
        return window is { } w ? new CaRenewalInfo(w.Start, w.End, global::SslFlow.AcmeClient.AcmeClient.AriCertId(certificateDer)) : null;
    }

    public void Dispose()
    {
        _http.Dispose();
        _anonymousKey.Dispose();
    }

    /// <summary>
    /// The client of the account every host shares. The row is read on each call (one point read), so a host sees a
    /// key rollover another host made. No row yet: make a key in the vault and insert the row conditionally; a host
    /// that loses the insert (409) uses the winner's key. No account URL yet: newAccount with that key, which the CA
    /// answers with the existing account when it knows the key (RFC 8555 §7.3.1), so a crash in between makes no second account.
    /// </summary>
    private async Task<global::SslFlow.AcmeClient.AcmeClient> AccountAsync(CancellationToken cancellationToken)
    {
        var row = await _accounts.GetAsync(_options.DirectoryUrl, EabKeyId, _keys.VaultId, cancellationToken);
        if (row is { AccountUrl: not null, PendingKeyVersion: null } ready) return await ClientAsync(ready, cancellationToken);
        await _accountGate.WaitAsync(cancellationToken);
        try
        {
            row = await _accounts.GetAsync(_options.DirectoryUrl, EabKeyId, _keys.VaultId, cancellationToken);
            if (row is null)
            {
                var key = await _keys.CreateKeyAsync(AcmeAccountStore.KeyName(_options.DirectoryUrl, EabKeyId), cancellationToken);
                if (!await _accounts.TryAddAsync(new AcmeAccountRecord(_options.DirectoryUrl, EabKeyId, _keys.VaultId, key.Name, key.Version, null), cancellationToken))
                {
                    _logger.LogInformation("ACME CA {Ca}: another host recorded the account key first; using its key", Name);
                }
                row = await _accounts.GetAsync(_options.DirectoryUrl, EabKeyId, _keys.VaultId, cancellationToken)
                      ?? throw new InvalidOperationException($"The ACME account row of CA '{Name}' vanished right after it was written.");
            }
            if (row.AccountUrl is null) row = await RegisterAsync(row, cancellationToken);
            return await ClientAsync(row, cancellationToken);
        }
        finally
        {
            _accountGate.Release();
        }
    }

    private async Task<AcmeAccountRecord> RegisterAsync(AcmeAccountRecord row, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(row, cancellationToken);
        var directory = await _anonymous.GetDirectoryAsync(cancellationToken);
        if (directory.Meta?.ExternalAccountRequired == true && !HasEab)
        {
            // Said before asking, so the operator reads which setting is missing rather than the CA's refusal.
            throw new InvalidOperationException($"The ACME CA '{Name}' ({_options.DirectoryUrl}) requires External Account Binding (meta.externalAccountRequired): set its EAB key id and HMAC key.");
        }
        var url = await Call(() => client.NewAccountAsync([_options.AccountEmail], EabKeyId, HasEab ? _options.EabHmacKey : null, _options.EabAlgorithm, cancellationToken));
        var recorded = row with { AccountUrl = url, DirectoryMeta = System.Text.Json.JsonSerializer.Serialize(directory.Meta) };
        if (!await _accounts.TryUpdateAsync(recorded, cancellationToken))
        {
            // Another host recorded it meanwhile (same key, so the same account): take its row.
            recorded = await _accounts.GetAsync(_options.DirectoryUrl, EabKeyId, _keys.VaultId, cancellationToken) ?? recorded;
        }
        _logger.LogInformation("ACME CA {Ca}: account {AccountUrl} with vault key {KeyName} version {KeyVersion}", Name, url, row.KeyName, row.KeyVersion);
        return recorded;
    }

    /// <summary>The client for the row's current key version (made once per version) with the recorded account URL.</summary>
    private async Task<global::SslFlow.AcmeClient.AcmeClient> ClientAsync(AcmeAccountRecord row, CancellationToken cancellationToken)
    {
        if (!_clients.TryGetValue(row.KeyVersion, out var client))
        {
            var key = await _keys.GetKeyAsync(row.KeyName, row.KeyVersion, cancellationToken)
                      ?? throw new InvalidOperationException($"The vault has no account key '{row.KeyName}' version '{row.KeyVersion}' that the ACME account of CA '{Name}' is recorded with.");
            client = _clients.GetOrAdd(row.KeyVersion, new global::SslFlow.AcmeClient.AcmeClient(_http, _options.DirectoryUrl, new VaultJwsSigner(_keys, key), _logger));
        }
        if (row.AccountUrl is { } url && client.AccountUrl != url) client.UseAccount(url);
        _lastClient = client;
        return client;
    }

    /// <summary>The account URL (JWS kid) this adapter last used; null before its first call (diagnostics and tests).</summary>
    public Uri? AccountUrl => _lastClient?.AccountUrl;

    /// <summary>
    /// Rolls the account over to a new vault key (RFC 8555 §7.3.5). The new version is written to the row as pending
    /// first; then keyChange; then the row points at the new version. Run again after a cut-off: when the CA already
    /// answers the new key with the account (onlyReturnExisting), the row is only brought up to date.
    /// </summary>
    public async Task<AcmeKeyRollover> RollOverAccountKeyAsync(CancellationToken cancellationToken)
    {
        _ = await AccountAsync(cancellationToken); // an account to roll over, made now if there is none yet
        await _accountGate.WaitAsync(cancellationToken);
        try
        {
            var row = await _accounts.GetAsync(_options.DirectoryUrl, EabKeyId, _keys.VaultId, cancellationToken)
                      ?? throw new InvalidOperationException($"The ACME CA '{Name}' has no account row.");
            if (row.PendingKeyVersion is null)
            {
                var next = await _keys.CreateKeyAsync(row.KeyName, cancellationToken);
                var marked = row with { PendingKeyVersion = next.Version };
                if (!await _accounts.TryUpdateAsync(marked, cancellationToken))
                {
                    throw new InvalidOperationException($"The ACME account of CA '{Name}' changed while its key was being rolled over; run the command again.");
                }
                row = await _accounts.GetAsync(_options.DirectoryUrl, EabKeyId, _keys.VaultId, cancellationToken) ?? marked;
            }
            var pendingVersion = row.PendingKeyVersion!;
            var pendingKey = await _keys.GetKeyAsync(row.KeyName, pendingVersion, cancellationToken)
                             ?? throw new InvalidOperationException($"The vault has no account key '{row.KeyName}' version '{pendingVersion}'.");
            var next2 = new global::SslFlow.AcmeClient.AcmeClient(_http, _options.DirectoryUrl, new VaultJwsSigner(_keys, pendingKey), _logger);
            var known = await Call(() => next2.FindAccountAsync(cancellationToken));
            if (known != row.AccountUrl)
            {
                var current = await ClientAsync(row, cancellationToken);
                await Call(async () =>
                {
                    await current.KeyChangeAsync(next2.Signer, cancellationToken);
                    return true;
                });
                next2.UseAccount(row.AccountUrl!);
            }
            var done = row with { KeyVersion = pendingVersion, PendingKeyVersion = null, KeyChangedAt = _time.GetUtcNow() };
            if (!await _accounts.TryUpdateAsync(done, cancellationToken))
            {
                throw new InvalidOperationException($"The ACME account of CA '{Name}' changed while its key was being rolled over; run the command again.");
            }
            _clients[pendingVersion] = next2;
            _clients.TryRemove(row.KeyVersion, out _);
            _logger.LogInformation("ACME CA {Ca}: account {AccountUrl} rolled over from key version {OldVersion} to {NewVersion}", Name, row.AccountUrl, row.KeyVersion, pendingVersion);
            return new AcmeKeyRollover(Name, row.AccountUrl!, row.KeyVersion, pendingVersion);
        }
        finally
        {
            _accountGate.Release();
        }
    }

    private static async Task<string> ReasonAsync(global::SslFlow.AcmeClient.AcmeClient client, AcmeOrder order, CancellationToken cancellationToken)
    {
        if (order.Error is { } e) return e.ToString();
        foreach (var url in order.Authorizations)
        {
            var authz = await client.GetAuthorizationAsync(url, cancellationToken);
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

/// <summary>What a key rollover did: the account keeps its URL; the vault key version changed.</summary>
public sealed record AcmeKeyRollover(string CaName, Uri AccountUrl, string OldKeyVersion, string NewKeyVersion);

/// <summary>A vault account key as the ACME client's signer: the JWK from its public point, ES256 signatures made in the vault.</summary>
internal sealed class VaultJwsSigner(IAccountKeyVault vault, AccountKeyVersion key) : IJwsSigner
{
    public string Algorithm => "ES256";

    public string JwkJson { get; } = Jwk.EcP256(key.X, key.Y);

    public Task<byte[]> SignAsync(byte[] signingInput, CancellationToken cancellationToken) => vault.SignEs256Async(key.Name, key.Version, signingInput, cancellationToken);
}
