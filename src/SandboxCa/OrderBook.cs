using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace SslFlow.SandboxCa;

/// <summary>
/// The order life cycle. Every change happens under one lock, is saved to disk before the caller hears of it, and
/// queues its webhook events in the order they happened. In auto mode each step that becomes current gets a timer.
/// </summary>
public sealed partial class OrderBook : IDisposable
{
    private static readonly string[] ConstructedMailboxes = ["admin", "administrator", "webmaster", "hostmaster", "postmaster"];
    private static readonly DateTimeOffset ConstructedEmailProhibited = new(2028, 3, 15, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxOrder> _orders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _byOrderKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Step, ITimer Timer)> _autoTimers = new(StringComparer.Ordinal);
    private readonly OrderStore _store;
    private readonly CertificateIssuer _issuer;
    private readonly WebhookSender _webhooks;
    private readonly ApprovalMailer _mailer;
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OrderBook> _logger;

    public OrderBook(OrderStore store, CertificateIssuer issuer, WebhookSender webhooks, ApprovalMailer mailer, SandboxOptions options, TimeProvider time, ILogger<OrderBook> logger)
    {
        _mailer = mailer;
        _store = store;
        _issuer = issuer;
        _webhooks = webhooks;
        _options = options;
        _time = time;
        _logger = logger;
        foreach (var order in store.Load())
        {
            _orders[order.CaReference] = order;
            _byOrderKey[order.OrderKey] = order.CaReference;
        }
        lock (_gate)
        {
            // After a restart the auto mode picks up where it was (the step's delay starts again).
            foreach (var order in _orders.Values) ScheduleAutoApproval(order);
        }
    }

    public (OrderView Order, bool Created) Create(CreateOrderRequest r)
    {
        var kind = Products.Parse(r.ProductCode) ?? throw new SandboxApiException(400, "unknown-product", $"Unknown product code '{r.ProductCode}'; expected dv-*, ov-*, ev-* or smime-*.");
        if (string.IsNullOrWhiteSpace(r.OrderKey) || r.OrderKey.Length > 200) throw new SandboxApiException(400, "order-key", "orderKey is required (at most 200 characters).");
        var names = NormalizeNames(r.DnsNames, kind);
        var csr = r.Csr is null ? null : CsrInspector.Inspect(r.Csr);
        var productCode = r.ProductCode!.Trim().ToLowerInvariant();
        var (organization, contacts, person) = SubjectChecks.Check(kind, productCode, r);
        if (csr is not null) RequireCsrNames(kind, csr, names, person);

        lock (_gate)
        {
            if (_byOrderKey.TryGetValue(r.OrderKey, out var existingRef))
            {
                var existing = _orders[existingRef];
                if (existing.ProductCode != productCode || !new HashSet<string>(existing.DnsNames, StringComparer.OrdinalIgnoreCase).SetEquals(names))
                {
                    throw new SandboxApiException(409, "order-key-reused", $"orderKey '{r.OrderKey}' belongs to order {existing.CaReference} with other details.");
                }
                return (OrderView.From(existing), false);
            }

            var now = _time.GetUtcNow();
            var method = kind == ProductKind.Smime ? "email" : ParseMethod(r.DcvMethod);
            var order = new SandboxOrder
            {
                CaReference = NewReference(),
                OrderKey = r.OrderKey,
                ProductCode = productCode,
                Kind = kind,
                DnsNames = names,
                Csr = r.Csr?.Trim(),
                DcvMethod = method,
                ApproverEmail = r.ApproverEmail,
                ContactEmail = r.ContactEmail,
                OrganizationName = organization?.LegalName ?? r.OrganizationName,
                Organization = organization,
                OrganizationKey = organization is null ? null : SubjectChecks.ProfileKey(organization),
                Contacts = contacts,
                Person = person,
                Steps = Products.Steps(kind, productCode).Select(s => new ValidationStep { Name = s.Name }).ToList(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            order.Dcv = MakeDcv(order, names, method, r.ApproverEmail);
            var reuse = ReuseVetting(order);
            _orders[order.CaReference] = order;
            _byOrderKey[order.OrderKey] = order.CaReference;
            if (reuse is not null) Emit(order, Products.Organization.EventType, reuse);
            Commit(order);
            SendApprovalEmails(order);
            _logger.LogInformation("Order {CaReference} ({Product}, {Names}) created for key {OrderKey}", order.CaReference, productCode, string.Join(",", names), r.OrderKey);
            return (OrderView.From(order), true);
        }
    }

    public OrderView Get(string caReference)
    {
        lock (_gate) return OrderView.From(Find(caReference));
    }

    public IReadOnlyList<OrderView> List()
    {
        lock (_gate) return _orders.Values.OrderBy(o => o.CreatedAt).Select(OrderView.From).ToList();
    }

    /// <summary>Takes the CSR (ACME-style finalize). Idempotent: the same CSR again changes nothing; another one is refused.</summary>
    public OrderView Finalize(string caReference, string? csrBase64)
    {
        var csr = CsrInspector.Inspect(csrBase64);
        lock (_gate)
        {
            var order = Find(caReference);
            if (order.Csr is not null)
            {
                if (string.Equals(order.Csr, csrBase64!.Trim(), StringComparison.Ordinal)) return OrderView.From(order);
                throw new SandboxApiException(409, "csr-already-present", $"Order {caReference} has a CSR already; use reissue for a new key.");
            }
            RequireActive(order);
            RequireCsrNames(order.Kind, csr, order.DnsNames, order.Person);
            order.Csr = csrBase64!.Trim();
            TryIssue(order);
            Commit(order);
            return OrderView.From(order);
        }
    }

    public OrderView Approve(string caReference, string? expectedStep = null)
    {
        lock (_gate)
        {
            var order = Find(caReference);
            RequireActive(order);
            var step = order.CurrentStep ?? throw new SandboxApiException(409, "no-step-pending", $"Order {caReference} has no validation step awaiting approval{(order.AwaitingCsr ? " (it awaits the CSR)" : "")}.");
            if (expectedStep is not null && step.Name != expectedStep) throw new SandboxApiException(409, "step-moved-on", $"Order {caReference} is at step {step.Name}, not {expectedStep}.");
            var kind = Products.Step(step.Name);
            step.CompletedAt = _time.GetUtcNow();
            order.Status = kind.CompletedStatus;
            if (kind == Products.DomainControl || kind == Products.EmailControl)
            {
                order.ValidatedNames = order.ValidatedNames.Union(order.DnsNames, StringComparer.OrdinalIgnoreCase).ToList();
            }
            Emit(order, kind.EventType, step.Name);
            _logger.LogInformation("Order {CaReference}: step {Step} approved", caReference, step.Name);
            TryIssue(order);
            Commit(order);
            // An email challenge that follows another step (S/MIME Pro: identity, then the mailbox) is sent when its turn comes.
            SendApprovalEmails(order);
            return OrderView.From(order);
        }
    }

    public OrderView Reject(string caReference, string? reason)
    {
        lock (_gate)
        {
            var order = Find(caReference);
            RequireActive(order);
            order.Status = OrderStatuses.Rejected;
            order.Reason = string.IsNullOrWhiteSpace(reason) ? "Rejected by the sandbox CA operator." : reason.Trim();
            Emit(order, WebhookEventTypes.Rejected, order.Reason);
            Commit(order);
            return OrderView.From(order);
        }
    }

    public OrderView Cancel(string caReference)
    {
        lock (_gate)
        {
            var order = Find(caReference);
            if (order.Status == OrderStatuses.Cancelled) return OrderView.From(order);
            if (order.Status == OrderStatuses.Issued) throw new SandboxApiException(409, "already-issued", $"Order {caReference} is issued; revoke it instead.");
            RequireActive(order);
            order.Status = OrderStatuses.Cancelled;
            order.Reason = "Cancelled by the customer.";
            Commit(order);
            return OrderView.From(order);
        }
    }

    /// <summary>A new certificate on the same order: names already validated are reused, added names need domain control again.</summary>
    public OrderView Reissue(string caReference, ReissueRequest r)
    {
        var csr = CsrInspector.Inspect(r.Csr);
        lock (_gate)
        {
            var order = Find(caReference);
            if (order.Status != OrderStatuses.Issued) throw new SandboxApiException(409, "not-issued", $"Order {caReference} is {order.Status}; only issued orders can be reissued.");
            var asked = order.Kind == ProductKind.Smime ? csr.Mailboxes : csr.Names;
            var names = r.DnsNames is { Count: > 0 } ? NormalizeNames(r.DnsNames, order.Kind) : asked.Select(n => n.ToLowerInvariant()).ToList();
            RequireCsrNames(order.Kind, csr, names, order.Person);
            var added = names.Except(order.ValidatedNames, StringComparer.OrdinalIgnoreCase).ToList();
            order.DnsNames = names;
            order.Csr = r.Csr!.Trim();
            if (added.Count > 0)
            {
                foreach (var step in order.Steps.Where(x => x.Name is "domain_control" or "email_control")) step.CompletedAt = null;
                order.Status = OrderStatuses.Pending;
                order.Dcv = MakeDcv(order, added, order.DcvMethod, order.ApproverEmail);
            }
            else
            {
                TryIssue(order);
            }
            Commit(order);
            return OrderView.From(order);
        }
    }

    public OrderView RevokeOrder(string caReference, string? reason)
    {
        lock (_gate)
        {
            var order = Find(caReference);
            if (order.Status == OrderStatuses.Revoked) return OrderView.From(order);
            if (order.Status != OrderStatuses.Issued) throw new SandboxApiException(409, "not-issued", $"Order {caReference} is {order.Status}; nothing to revoke.");
            var certificate = order.Certificates[^1];
            certificate.RevokedAt = _time.GetUtcNow();
            certificate.RevocationReason = 0;
            order.Status = OrderStatuses.Revoked;
            order.Reason = string.IsNullOrWhiteSpace(reason) ? "Revoked by the customer." : reason.Trim();
            Emit(order, WebhookEventTypes.Revoked, order.Reason);
            Commit(order);
            return OrderView.From(order);
        }
    }

    /// <summary>Revocation by certificate (as ACME does it): finds the order by serial number. Idempotent.</summary>
    public OrderView RevokeCertificate(string? certificateBase64, int? reason)
    {
        string serial;
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificateBase64 ?? ""));
            serial = certificate.SerialNumber;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw new SandboxApiException(400, "certificate-invalid", "certificate must be a base64 DER X.509 certificate.");
        }
        if (reason is < 0 or > 10 or 7) throw new SandboxApiException(400, "bad-reason", "reason must be an RFC 5280 CRLReason code.");
        lock (_gate)
        {
            var order = _orders.Values.FirstOrDefault(o => o.Certificates.Any(c => c.SerialNumber == serial))
                        ?? throw new SandboxApiException(404, "unknown-certificate", $"No certificate with serial {serial} was issued here.");
            var issued = order.Certificates.First(c => c.SerialNumber == serial);
            if (issued.RevokedAt is not null) return OrderView.From(order);
            issued.RevokedAt = _time.GetUtcNow();
            issued.RevocationReason = reason ?? 0;
            if (ReferenceEquals(issued, order.Certificates[^1]) && order.Status == OrderStatuses.Issued)
            {
                order.Status = OrderStatuses.Revoked;
                order.Reason = $"Certificate {serial} revoked (reason {reason ?? 0}).";
            }
            Emit(order, WebhookEventTypes.Revoked, $"serial {serial}, reason {reason ?? 0}");
            Commit(order);
            return OrderView.From(order);
        }
    }

    public OrderView ResendApproval(string caReference)
    {
        lock (_gate)
        {
            var order = Find(caReference);
            RequireActive(order);
            if (order.DcvMethod != "email" || order.CurrentStep is not { } step || step.Name is not ("domain_control" or "email_control"))
            {
                throw new SandboxApiException(409, "no-approval-pending", $"Order {caReference} is not waiting for an approval email.");
            }
            order.ApprovalEmailsSent++;
            _logger.LogInformation("Order {CaReference}: approval email resent to {Approvers}", caReference, string.Join(",", order.Dcv.Select(d => d.Value)));
            Commit(order);
            SendApprovalEmails(order);
            return OrderView.From(order);
        }
    }

    public OrderView ChangeDcvMethod(string caReference, ChangeDcvMethodRequest r)
    {
        lock (_gate)
        {
            var order = Find(caReference);
            RequireActive(order);
            if (order.CurrentStep is not { } step || step.Name is not ("domain_control" or "email_control"))
            {
                throw new SandboxApiException(409, "dcv-done", $"Order {caReference} is past domain control validation.");
            }
            var method = order.Kind == ProductKind.Smime ? "email" : ParseMethod(r.DcvMethod);
            var pending = order.DnsNames.Except(order.ValidatedNames, StringComparer.OrdinalIgnoreCase).ToList();
            order.Dcv = MakeDcv(order, pending.Count > 0 ? pending : order.DnsNames, method, r.ApproverEmail);
            order.DcvMethod = method;
            order.ApproverEmail = r.ApproverEmail;
            Commit(order);
            SendApprovalEmails(order);
            return OrderView.From(order);
        }
    }

    /// <summary>The order and name an approval link is for (404 when the token is unknown).</summary>
    public (string CaReference, string DnsName) FindApproval(string token)
    {
        lock (_gate)
        {
            var (order, entry) = FindByToken(token);
            return (order.CaReference, entry.DnsName);
        }
    }

    /// <summary>
    /// The approver followed the link: that name is approved; when every name of the email step is, the step completes
    /// (and its webhook goes out). Following it again changes nothing.
    /// </summary>
    public OrderView ApproveByEmail(string token)
    {
        lock (_gate)
        {
            var (order, entry) = FindByToken(token);
            if (entry.Approved || order.IsTerminal || order.CurrentStep is not { Name: "domain_control" or "email_control" } step) return OrderView.From(order);
            order.Dcv = order.Dcv.Select(d => d.Token == token ? d with { Approved = true } : d).ToList();
            _logger.LogInformation("Order {CaReference}: {DnsName} approved by its approver", order.CaReference, entry.DnsName);
            if (order.Dcv.All(d => d.Approved)) return Approve(order.CaReference, step.Name); // the lock is re-entrant
            Commit(order);
            return OrderView.From(order);
        }
    }

    /// <summary>The customer says the DCV answers are in place (DigiCert's "check DCV"). Recorded; approval stays the operator's.</summary>
    public OrderView CheckDcv(string caReference)
    {
        lock (_gate)
        {
            var order = Find(caReference);
            if (!order.IsTerminal && order.CurrentStep is not null)
            {
                order.DcvChecksRequested++;
                Commit(order);
            }
            return OrderView.From(order);
        }
    }

    public string CertificateChain(string caReference)
    {
        lock (_gate)
        {
            var order = Find(caReference);
            if (order.Status != OrderStatuses.Issued || order.Certificates.Count == 0)
            {
                throw new SandboxApiException(409, "not-issued", $"Order {caReference} is {order.Status}; no certificate to download.");
            }
            return _issuer.ChainPem(order.Certificates[^1]);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (_, timer) in _autoTimers.Values) timer.Dispose();
            _autoTimers.Clear();
        }
    }

    private void TryIssue(SandboxOrder order)
    {
        if (order.IsTerminal || order.Status == OrderStatuses.Issued || order.CurrentStep is not null || order.Csr is null) return;
        var csr = CsrInspector.Inspect(order.Csr);
        var certificate = _issuer.Issue(order, csr);
        order.Certificates.Add(certificate);
        order.Status = OrderStatuses.Issued;
        order.Reason = null;
        Emit(order, WebhookEventTypes.Issued, certificate.SerialNumber);
        _logger.LogInformation("Order {CaReference}: certificate {Serial} issued, valid to {NotAfter:O}", order.CaReference, certificate.SerialNumber, certificate.NotAfter);
    }

    /// <summary>
    /// An order for an organization already vetted (same profile key, within the reuse period): its organization step
    /// is done at once, from the earlier vetting, and says so (<see cref="ValidationStep.ReusedFrom"/>, the webhook).
    /// </summary>
    private string? ReuseVetting(SandboxOrder order)
    {
        if (order.OrganizationKey is null || order.Steps.FirstOrDefault(s => s.Name == Products.Organization.Name) is not { } step) return null;
        if (VettingReuse.Find(_orders.Values, order.OrganizationKey, order.Kind, order.CreatedAt) is not { } vetting) return null;
        step.CompletedAt = order.CreatedAt;
        step.ReusedFrom = vetting.CaReference;
        step.VettedAt = vetting.VettedAt;
        _logger.LogInformation("Order {CaReference}: organization step skipped, vetting of {VettedAt:yyyy-MM-dd} (order {ReusedFrom}) reused", order.CaReference, vetting.VettedAt, vetting.CaReference);
        return $"Organization vetting of {vetting.VettedAt:yyyy-MM-dd} (order {vetting.CaReference}) reused.";
    }

    private void Commit(SandboxOrder order)
    {
        order.UpdatedAt = _time.GetUtcNow();
        _store.Save(_orders.Values);
        ScheduleAutoApproval(order);
    }

    private void Emit(SandboxOrder order, string type, string? detail) =>
        _webhooks.Enqueue(new WebhookEvent(type, order.CaReference, detail, _time.GetUtcNow()));

    /// <summary>Auto mode: one timer per order for its current step; it approves that step only if the order is still there.</summary>
    private void ScheduleAutoApproval(SandboxOrder order)
    {
        if (_options.AutoApproveAfter is not { } delay) return;
        var step = order.IsTerminal ? null : order.CurrentStep;
        if (_autoTimers.TryGetValue(order.CaReference, out var scheduled))
        {
            if (scheduled.Step == step?.Name) return; // same step: its delay keeps running
            scheduled.Timer.Dispose();
            _autoTimers.Remove(order.CaReference);
        }
        if (step is null) return;
        var reference = order.CaReference;
        var name = step.Name;
        _autoTimers[reference] = (name, _time.CreateTimer(_ => AutoApprove(reference, name), null, delay, Timeout.InfiniteTimeSpan));
    }

    private void AutoApprove(string reference, string step)
    {
        try
        {
            Approve(reference, step);
        }
        catch (SandboxApiException ex)
        {
            // The order moved on (operator acted, cancelled, rejected): nothing to approve.
            _logger.LogDebug("Auto-approval of {CaReference} {Step} skipped: {Reason}", reference, step, ex.Message);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Auto-approval of {CaReference} {Step} failed", reference, step);
        }
    }

    private (SandboxOrder Order, DcvEntry Entry) FindByToken(string token)
    {
        foreach (var order in _orders.Values)
        {
            if (order.Dcv.FirstOrDefault(d => d.Method == "email" && d.Token == token) is { } entry) return (order, entry);
        }
        throw new SandboxApiException(404, "unknown-approval", "This approval link is not valid.");
    }

    /// <summary>Email DCV: one email per name still to approve, each with its own approval link.</summary>
    private void SendApprovalEmails(SandboxOrder order)
    {
        if (order.CurrentStep is not { Name: "domain_control" or "email_control" }) return;
        foreach (var d in order.Dcv.Where(d => d.Method == "email" && !d.Approved))
        {
            _mailer.Enqueue(new ApprovalEmail(d.Value, order.CaReference, d.DnsName, new Uri(_options.PublicUrl, $"dcv/approve/{d.Token}")));
        }
    }

    private SandboxOrder Find(string caReference) =>
        _orders.TryGetValue(caReference, out var order) ? order : throw new SandboxApiException(404, "unknown-order", $"No order {caReference}.");

    private static void RequireActive(SandboxOrder order)
    {
        if (order.IsTerminal || order.Status == OrderStatuses.Issued)
        {
            throw new SandboxApiException(409, "order-closed", $"Order {order.CaReference} is {order.Status}.");
        }
    }

    /// <summary>TLS: the CSR asks for exactly the ordered names. S/MIME: exactly the order's mailbox (and the validated person, if it names one).</summary>
    private static void RequireCsrNames(ProductKind kind, InspectedCsr csr, IReadOnlyList<string> names, PersonDetails? person)
    {
        if (kind == ProductKind.Smime) CsrInspector.RequireMailbox(csr, names, person);
        else CsrInspector.RequireNames(csr, names);
    }

    private static string ParseMethod(string? method) => method?.Trim().ToLowerInvariant() switch
    {
        "email" => "email",
        "dns" or "dns-txt" or "dns-01" => "dns",
        "http" or "file" or "http-01" => "http",
        _ => throw new SandboxApiException(400, "dcv-method", $"Unknown dcvMethod '{method}'; expected email, dns or http."),
    };

    private static List<string> NormalizeNames(List<string>? dnsNames, ProductKind kind)
    {
        if (dnsNames is not { Count: > 0 }) throw new SandboxApiException(400, "dns-names", "dnsNames must list at least one name.");
        if (dnsNames.Count > 100) throw new SandboxApiException(400, "dns-names", "At most 100 names per certificate.");
        var names = dnsNames.Select(n => (n ?? "").Trim().ToLowerInvariant()).Distinct().ToList();
        var pattern = kind == ProductKind.Smime ? MailboxPattern() : DnsNamePattern();
        var bad = names.FirstOrDefault(n => !pattern.IsMatch(n));
        if (bad is not null) throw new SandboxApiException(400, "dns-names", $"'{bad}' is not a valid {(kind == ProductKind.Smime ? "email address" : "DNS name")}.");
        return names;
    }

    private List<DcvEntry> MakeDcv(SandboxOrder order, IEnumerable<string> names, string method, string? approverEmail)
    {
        if (method == "email" && order.Kind != ProductKind.Smime && _time.GetUtcNow() >= ConstructedEmailProhibited)
        {
            throw new SandboxApiException(400, "dcv-method", "Constructed-email DCV is prohibited from 2028-03-15 (CA/B BR 3.2.2.4.4); use dns or http.");
        }
        var entries = new List<DcvEntry>();
        foreach (var name in names)
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var host = name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name;
            entries.Add(method switch
            {
                "email" when order.Kind == ProductKind.Smime => new DcvEntry(name, method, token, name, "mailto:" + name),
                "email" => Email(name, host, token, approverEmail),
                "dns" => new DcvEntry(name, method, token, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), "_dnsauth." + host),
                _ when name.StartsWith("*.", StringComparison.Ordinal) => throw new SandboxApiException(400, "dcv-method", $"File-based (http) validation cannot validate the wildcard {name}; use dns or email."),
                _ => new DcvEntry(name, method, token, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), $"http://{host}/.well-known/pki-validation/{token}.txt"),
            });
        }
        return entries;
    }

    /// <summary>Only constructed addresses (BR 3.2.2.4.4) at the name or a parent of it; WHOIS contacts are prohibited.</summary>
    private static DcvEntry Email(string name, string host, string token, string? approverEmail)
    {
        // Default: admin@ the base domain (last two labels: a sandbox has no public suffix list), an Authorization Domain Name of every name under it.
        var labels = host.Split('.');
        var approver = $"admin@{string.Join('.', labels.Length > 2 ? labels[^2..] : labels)}";
        if (!string.IsNullOrWhiteSpace(approverEmail))
        {
            var parts = approverEmail.Trim().ToLowerInvariant().Split('@');
            if (parts.Length != 2 || !ConstructedMailboxes.Contains(parts[0]))
            {
                throw new SandboxApiException(400, "approver-email", $"'{approverEmail}' is not a constructed approver address ({string.Join(", ", ConstructedMailboxes)} @ the domain).");
            }
            if (host == parts[1] || host.EndsWith("." + parts[1], StringComparison.Ordinal)) approver = $"{parts[0]}@{parts[1]}";
        }
        return new DcvEntry(name, "email", token, approver, "mailto:" + approver);
    }

    private static string NewReference()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        return "SB-" + string.Create(10, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    [GeneratedRegex(@"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DnsNamePattern();

    [GeneratedRegex(@"^[a-z0-9._%+-]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex MailboxPattern();
}
