using System.Security.Cryptography;

namespace SslFlow.SandboxCa;

/// <summary>
/// "Certificate as a service" subscriptions: each active one owns one EAB key from the <see cref="EabKeyPool"/>, which
/// the local ACME CA accepts. DV is active at once; OV waits for the operator to vet the organization (or the auto
/// mode). Events go out as for orders, with the same types: <c>organization.validated</c>, <c>issued</c> (the key was
/// minted), <c>revoked</c> (the key was deactivated), <c>rejected</c>. Every change is saved before the caller hears of it.
/// </summary>
/// <remarks>
/// What deactivation enforces: the key is never assigned again (the subscription keeps its key id for ever), it is
/// removed from the pool file so Pebble refuses it from its next start, and replays answer without it. What it cannot:
/// a running Pebble keeps accepting <c>newAccount</c> with that key, and accounts already bound with it keep ordering,
/// because Pebble has no API to withdraw an EAB key or an account (a commercial CA deactivates both).
/// </remarks>
public sealed class SubscriptionBook : IDisposable
{
    private static readonly TimeSpan MaxTerm = TimeSpan.FromDays(3 * 366);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxSubscription> _subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _byOrderKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ITimer> _autoTimers = new(StringComparer.Ordinal);
    private readonly SubscriptionStore _store;
    private readonly EabKeyPool _pool;
    private readonly WebhookSender _webhooks;
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SubscriptionBook> _logger;

    public SubscriptionBook(SubscriptionStore store, EabKeyPool pool, WebhookSender webhooks, SandboxOptions options, TimeProvider time, ILogger<SubscriptionBook> logger)
    {
        _store = store;
        _pool = pool;
        _webhooks = webhooks;
        _options = options;
        _time = time;
        _logger = logger;
        foreach (var s in store.Load())
        {
            _subscriptions[s.CaReference] = s;
            _byOrderKey[s.OrderKey] = s.CaReference;
        }
        lock (_gate)
        {
            foreach (var s in _subscriptions.Values) ScheduleAutoApproval(s);
        }
    }

    public bool Contains(string caReference)
    {
        lock (_gate) return _subscriptions.ContainsKey(caReference);
    }

    /// <summary>Opens a subscription, or returns the one this order key opened (with its key while active): a replay mints nothing.</summary>
    public (SubscriptionView Subscription, bool Created) Create(CreateSubscriptionRequest r)
    {
        var kind = CaasProducts.Parse(r.ProductCode) ?? throw new SandboxApiException(400, "unknown-product", $"Unknown CaaS product code '{r.ProductCode}'; expected caas-dv* or caas-ov*.");
        if (string.IsNullOrWhiteSpace(r.OrderKey) || r.OrderKey.Length > 200) throw new SandboxApiException(400, "order-key", "orderKey is required (at most 200 characters).");
        var term = r.Term ?? throw new SandboxApiException(400, "term", "term is required (e.g. \"365.00:00:00\").");
        if (term <= TimeSpan.Zero || term > MaxTerm) throw new SandboxApiException(400, "term", $"term must be positive and at most {MaxTerm.TotalDays:0} days.");
        if (!_pool.Configured || _options.CaasDirectoryUrl is null)
        {
            throw new SandboxApiException(501, "caas-not-configured", "This sandbox has no EAB key pool or ACME directory (--eab-pool-file, --caas-directory-url).");
        }
        var productCode = r.ProductCode!.Trim().ToLowerInvariant();
        if (kind == ProductKind.Ov && string.IsNullOrWhiteSpace(r.OrganizationName)) throw new SandboxApiException(400, "organization-name", "OV subscriptions need organizationName.");

        lock (_gate)
        {
            if (_byOrderKey.TryGetValue(r.OrderKey, out var existingRef))
            {
                var existing = _subscriptions[existingRef];
                if (existing.ProductCode != productCode || existing.Term != term)
                {
                    throw new SandboxApiException(409, "order-key-reused", $"orderKey '{r.OrderKey}' belongs to subscription {existing.CaReference} with other details.");
                }
                return (View(existing, withSecret: true), false);
            }

            var now = _time.GetUtcNow();
            var subscription = new SandboxSubscription
            {
                CaReference = NewReference(),
                OrderKey = r.OrderKey,
                ProductCode = productCode,
                Kind = kind,
                CustomerId = r.CustomerId,
                ContactEmail = r.ContactEmail,
                OrganizationName = r.OrganizationName,
                Term = term,
                Steps = CaasProducts.Steps(kind).Select(s => new ValidationStep { Name = s.Name }).ToList(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            if (subscription.Steps.Count == 0) Activate(subscription, PickKey());
            _subscriptions[subscription.CaReference] = subscription;
            _byOrderKey[subscription.OrderKey] = subscription.CaReference;
            Commit(subscription);
            _logger.LogInformation("Subscription {CaReference} ({Product}, term {Term}) opened for key {OrderKey}: {Status}", subscription.CaReference, productCode, term, r.OrderKey, subscription.Status);
            return (View(subscription, withSecret: true), true);
        }
    }

    public SubscriptionView Get(string caReference)
    {
        lock (_gate) return View(Find(caReference), withSecret: false);
    }

    public IReadOnlyList<SubscriptionView> List()
    {
        lock (_gate) return _subscriptions.Values.OrderBy(s => s.CreatedAt).Select(s => View(s, withSecret: false)).ToList();
    }

    /// <summary>The operator (or the auto mode) vetted the organization: the key is minted and the term starts.</summary>
    public SubscriptionView Approve(string caReference, string? expectedStep = null)
    {
        lock (_gate)
        {
            var s = Find(caReference);
            var step = s.CurrentStep ?? throw new SandboxApiException(409, "no-step-pending", $"Subscription {caReference} is {s.Status}; nothing awaits approval.");
            if (expectedStep is not null && step.Name != expectedStep) throw new SandboxApiException(409, "step-moved-on", $"Subscription {caReference} is at step {step.Name}, not {expectedStep}.");
            // The key is picked before anything changes, so an empty pool leaves the step open for a later approval.
            var keyId = s.Steps.Count(x => x.CompletedAt is null) == 1 ? PickKey() : null;
            step.CompletedAt = _time.GetUtcNow();
            Emit(s, Products.Step(step.Name).EventType, step.Name);
            if (keyId is not null) Activate(s, keyId);
            Commit(s);
            return View(s, withSecret: false);
        }
    }

    public SubscriptionView Reject(string caReference, string? reason)
    {
        lock (_gate)
        {
            var s = Find(caReference);
            if (s.Status != SubscriptionStatuses.Pending) throw new SandboxApiException(409, "not-pending", $"Subscription {caReference} is {s.Status}.");
            s.Status = SubscriptionStatuses.Rejected;
            s.Reason = string.IsNullOrWhiteSpace(reason) ? "Rejected by the sandbox CA operator." : reason.Trim();
            Emit(s, WebhookEventTypes.Rejected, s.Reason);
            Commit(s);
            return View(s, withSecret: false);
        }
    }

    /// <summary>Extends the term from its current end, once per renewal key.</summary>
    public SubscriptionView Renew(string caReference, RenewSubscriptionRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.RenewalKey) || r.RenewalKey.Length > 200) throw new SandboxApiException(400, "renewal-key", "renewalKey is required (at most 200 characters).");
        if (r.Term is not { } term || term <= TimeSpan.Zero || term > MaxTerm) throw new SandboxApiException(400, "term", $"term must be positive and at most {MaxTerm.TotalDays:0} days.");
        lock (_gate)
        {
            var s = Find(caReference);
            if (s.Renewals.Contains(r.RenewalKey)) return View(s, withSecret: false);
            if (s.Status != SubscriptionStatuses.Active) throw new SandboxApiException(409, "not-active", $"Subscription {caReference} is {s.Status}; only active subscriptions are renewed.");
            s.Renewals.Add(r.RenewalKey);
            s.NotAfter = s.NotAfter!.Value + term;
            _logger.LogInformation("Subscription {CaReference} renewed to {NotAfter:O}", caReference, s.NotAfter);
            Commit(s);
            return View(s, withSecret: false);
        }
    }

    /// <summary>Deactivates the key (or closes a pending subscription). Idempotent. See the class remarks for what that enforces.</summary>
    public SubscriptionView Deactivate(string caReference, string? reason)
    {
        lock (_gate)
        {
            var s = Find(caReference);
            if (s.Status is SubscriptionStatuses.Deactivated or SubscriptionStatuses.Rejected) return View(s, withSecret: false);
            s.Status = SubscriptionStatuses.Deactivated;
            s.DeactivatedAt = _time.GetUtcNow();
            s.Reason = string.IsNullOrWhiteSpace(reason) ? "Deactivated by the customer." : reason.Trim();
            if (s.KeyId is not null)
            {
                s.KeyRetired = _pool.Retire(s.KeyId) || !_pool.Load().ContainsKey(s.KeyId);
                Emit(s, WebhookEventTypes.Revoked, $"eab key {s.KeyId} deactivated: {s.Reason}");
            }
            _logger.LogInformation("Subscription {CaReference}: EAB key {KeyId} deactivated ({Reason})", caReference, s.KeyId ?? "(none)", s.Reason);
            Commit(s);
            return View(s, withSecret: false);
        }
    }

    public EabPoolView PoolView()
    {
        lock (_gate)
        {
            var keys = _pool.Load();
            var assigned = _subscriptions.Values.Where(s => s.KeyId is not null && s.Status != SubscriptionStatuses.Deactivated).Select(s => s.KeyId!).Order().ToList();
            var retired = _subscriptions.Values.Where(s => s.KeyId is not null && s.Status == SubscriptionStatuses.Deactivated).Select(s => s.KeyId!).Order().ToList();
            var used = UsedKeyIds();
            return new EabPoolView(_pool.Configured, keys.Keys.Count(k => !used.Contains(k)), assigned.Count, retired.Count, assigned, retired);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timer in _autoTimers.Values) timer.Dispose();
            _autoTimers.Clear();
        }
    }

    /// <summary>Assigns a key no subscription ever had, starts the term, and says so (<c>issued</c>).</summary>
    private void Activate(SandboxSubscription s, string keyId)
    {
        var now = _time.GetUtcNow();
        s.KeyId = keyId;
        s.Status = SubscriptionStatuses.Active;
        s.NotBefore = now;
        s.NotAfter = now + s.Term;
        Emit(s, WebhookEventTypes.Issued, $"eab key {keyId}");
        _logger.LogInformation("Subscription {CaReference}: EAB key {KeyId} assigned, term to {NotAfter:O}", s.CaReference, keyId, s.NotAfter);
    }

    /// <summary>A key of the pool that no subscription ever had (deactivated ones keep theirs, so it is never handed out twice).</summary>
    private string PickKey()
    {
        var used = UsedKeyIds();
        return _pool.Load().Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).FirstOrDefault()
               ?? throw new SandboxApiException(503, "eab-pool-exhausted", "No unassigned EAB key is left in the pool; try again once the pool is topped up.");
    }

    private HashSet<string> UsedKeyIds() => _subscriptions.Values.Where(x => x.KeyId is not null).Select(x => x.KeyId!).ToHashSet(StringComparer.Ordinal);

    private SubscriptionView View(SandboxSubscription s, bool withSecret)
    {
        string? hmac = null;
        if (withSecret && s.Status == SubscriptionStatuses.Active && s.KeyId is not null) _pool.Load().TryGetValue(s.KeyId, out hmac);
        return SubscriptionView.From(s, hmac, _options.CaasDirectoryUrl);
    }

    private void Commit(SandboxSubscription s)
    {
        s.UpdatedAt = _time.GetUtcNow();
        _store.Save(_subscriptions.Values);
        ScheduleAutoApproval(s);
    }

    private void Emit(SandboxSubscription s, string type, string? detail) =>
        _webhooks.Enqueue(new WebhookEvent(type, s.CaReference, detail, _time.GetUtcNow()));

    private void ScheduleAutoApproval(SandboxSubscription s)
    {
        if (_options.AutoApproveAfter is not { } delay) return;
        if (s.CurrentStep is not { } step)
        {
            if (_autoTimers.Remove(s.CaReference, out var done)) done.Dispose();
            return;
        }
        if (_autoTimers.ContainsKey(s.CaReference)) return;
        var reference = s.CaReference;
        var name = step.Name;
        _autoTimers[reference] = _time.CreateTimer(_ => AutoApprove(reference, name), null, delay, Timeout.InfiniteTimeSpan);
    }

    private void AutoApprove(string reference, string step)
    {
        try
        {
            lock (_gate) _autoTimers.Remove(reference, out _);
            Approve(reference, step);
        }
        catch (SandboxApiException ex)
        {
            _logger.LogDebug("Auto-approval of subscription {CaReference} skipped: {Reason}", reference, ex.Message);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Auto-approval of subscription {CaReference} failed", reference);
        }
    }

    private SandboxSubscription Find(string caReference) =>
        _subscriptions.TryGetValue(caReference, out var s) ? s : throw new SandboxApiException(404, "unknown-subscription", $"No subscription {caReference}.");

    private static string NewReference()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        return "SBS-" + string.Create(10, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }
}
