using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SslFlow.Domain.Products;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Domain.Rules;

namespace SslFlow.Adapters.SandboxCa;

/// <summary>
/// The sandbox CA's reseller-style order API behind the CA port (a commercial reseller API — CertCentral, Sectigo,
/// GoGetSSL — gets an adapter of the same shape). The CA finishes validation steps itself and says so by webhook,
/// so <see cref="ValidatesByEvents"/>; <see cref="GetStateAsync"/> reports the finished steps for the slow poll that
/// recovers lost webhooks. Re-runnable: the order key makes submission idempotent at the CA, the same CSR twice is
/// one finalization, revoking or cancelling twice is one.
/// </summary>
public sealed class SandboxCertificateAuthority(HttpClient http, SandboxCaOptions options, TimeProvider time, ILogger<SandboxCertificateAuthority> logger) : ICertificateAuthority
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The sandbox's step names → the validation events SslFlow's product plans wait for.</summary>
    public static readonly IReadOnlyDictionary<string, string> StepEvents = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["domain_control"] = ValidationEvents.DcvCompleted,
        ["email_control"] = ValidationEvents.EmailVerified,
        ["organization"] = ValidationEvents.OrganizationValidated,
        ["identity"] = ValidationEvents.IdentityVerified,
        ["ev_checks"] = ValidationEvents.EvChecksCompleted,
        ["callback"] = ValidationEvents.CallbackCompleted,
    };

    public string Name => options.Name;

    public bool ValidatesByEvents => true;

    public async Task<CaSubmission> SubmitAsync(CaOrderRequest request, CancellationToken cancellationToken)
    {
        // The customer's validated organization, contacts and person go to the CA, which checks them and names them in the certificate.
        var subject = request.Subject is { } details ? SandboxSubject.From(details) : null;
        var order = await SendAsync(HttpMethod.Post, "v1/orders", new
        {
            organization = subject?.Organization,
            contacts = subject?.Contacts,
            person = subject?.Person,
            productCode = request.ProductCode,
            dnsNames = request.DnsNames,
            dcvMethod = Method(request.DcvMethod),
            contactEmail = request.ContactEmail,
            approverEmail = request.ApproverEmail,
            orderKey = request.OrderKey,
            organizationName = options.OrganizationName,
        }, cancellationToken);
        logger.LogInformation("Sandbox CA order {CaReference} for {OrderKey}", order.CaReference, request.OrderKey);
        return new CaSubmission(order.CaReference, Challenges(order));
    }

    /// <summary>"Check DCV now" (the customer's answers are in place); the CA's own validation decides.</summary>
    public async Task StartValidationAsync(string caReference, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, $"v1/orders/{Escape(caReference)}/check-dcv", null, cancellationToken);

    public async Task<CaOrderState> GetStateAsync(string caReference, CancellationToken cancellationToken) =>
        State(await SendAsync(HttpMethod.Get, $"v1/orders/{Escape(caReference)}", null, cancellationToken));

    public async Task<CaOrderState> FinalizeAsync(string caReference, byte[] csrDer, CancellationToken cancellationToken)
    {
        var current = State(await SendAsync(HttpMethod.Get, $"v1/orders/{Escape(caReference)}", null, cancellationToken));
        switch (current.Status)
        {
            case CaOrderStatus.Invalid:
                throw new CaOrderFailedException(current.Error ?? $"Order {caReference} was closed by the CA.");
            case CaOrderStatus.Pending:
                throw new CaNotReadyException($"Order {caReference} still has validation steps open.");
            case CaOrderStatus.Processing or CaOrderStatus.Valid:
                return current; // the CA has the CSR already: one finalization per order
        }
        return State(await SendAsync(HttpMethod.Post, $"v1/orders/{Escape(caReference)}/finalize", new { csr = Convert.ToBase64String(csrDer) }, cancellationToken));
    }

    public async Task<IReadOnlyList<byte[]>> DownloadAsync(string caReference, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, $"v1/orders/{Escape(caReference)}/certificate", null), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict) throw new CaNotReadyException($"Order {caReference} is not issued yet.");
        await EnsureSuccessAsync(response, cancellationToken);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await response.Content.ReadAsStringAsync(cancellationToken));
        try
        {
            return chain.Count > 0 ? chain.Select(c => c.RawData).ToList() : throw new InvalidDataException($"The sandbox CA's download for {caReference} held no certificate.");
        }
        finally
        {
            foreach (var c in chain) c.Dispose();
        }
    }

    public async Task RevokeAsync(byte[] certificateDer, int reason, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, "v1/revoke", new { certificate = Convert.ToBase64String(certificateDer), reason }, cancellationToken);

    public async Task CancelAsync(string caReference, CancellationToken cancellationToken)
    {
        // Rejected, cancelled or revoked already: nothing left to cancel (a re-run, or the CA closed it first).
        if (State(await SendAsync(HttpMethod.Get, $"v1/orders/{Escape(caReference)}", null, cancellationToken)).Status == CaOrderStatus.Invalid) return;
        await SendAsync(HttpMethod.Post, $"v1/orders/{Escape(caReference)}/cancel", null, cancellationToken);
    }

    public async Task ResendApprovalAsync(string caReference, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, $"v1/orders/{Escape(caReference)}/resend-approval", null, cancellationToken);

    public async Task<IReadOnlyList<DcvChallenge>> ChangeDcvMethodAsync(string caReference, DcvMethod method, string? approverEmail, CancellationToken cancellationToken) =>
        Challenges(await SendAsync(HttpMethod.Post, $"v1/orders/{Escape(caReference)}/dcv-method", new { dcvMethod = Method(method), approverEmail }, cancellationToken));

    /// <summary>The sandbox's organization step: done at its completion, or at the vetting it reused (and that order).</summary>
    public async Task<CaOrganizationVetting?> GetOrganizationVettingAsync(string caReference, CancellationToken cancellationToken)
    {
        var order = await SendAsync(HttpMethod.Get, $"v1/orders/{Escape(caReference)}", null, cancellationToken);
        return order.Steps.FirstOrDefault(s => s.Name == "organization" && s.Status == "completed") is { CompletedAt: { } completed } step
            ? new CaOrganizationVetting(step.VettedAt ?? completed, step.ReusedFrom ?? order.CaReference)
            : null;
    }

    /// <summary>The order as the port sees it: steps open → Pending; all done, CSR awaited → Ready; issued → Valid; closed → Invalid.</summary>
    public static CaOrderState State(SandboxOrder order)
    {
        var completed = order.Steps.Where(s => s.Status == "completed" && StepEvents.ContainsKey(s.Name)).Select(s => StepEvents[s.Name]).ToList();
        var status = order.Status switch
        {
            "issued" => CaOrderStatus.Valid,
            "rejected" or "cancelled" or "revoked" => CaOrderStatus.Invalid,
            _ when order.AwaitingCsr => CaOrderStatus.Ready,
            _ when order.CurrentStep is null && order.HasCsr => CaOrderStatus.Processing,
            _ => CaOrderStatus.Pending,
        };
        return new CaOrderState(order.CaReference, status, status == CaOrderStatus.Invalid ? order.Reason ?? $"The CA {order.Status} the order." : null, completed);
    }

    private static List<DcvChallenge> Challenges(SandboxOrder order) =>
        order.Dcv.Select(d => new DcvChallenge(d.DnsName, d.Method switch { "dns" => DcvMethod.Dns01, "http" => DcvMethod.Http01, _ => DcvMethod.Email }, d.Token, d.Value, d.Location)).ToList();

    private static string Method(DcvMethod method) => method switch
    {
        DcvMethod.Dns01 => "dns",
        DcvMethod.Http01 => "http",
        _ => "email",
    };

    private static string Escape(string caReference) => Uri.EscapeDataString(caReference);

    private HttpRequestMessage Request(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(options.BaseUrl.TrimEnd('/') + "/"), path)) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        return request;
    }

    private async Task<SandboxOrder> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<SandboxOrder>(Json, cancellationToken) ?? throw new InvalidDataException($"Empty answer from the sandbox CA for {path}.");
    }

    /// <summary>
    /// 429/503 → come back later (a durable wait, not a failure); other 5xx → transient (the activity's retry policy);
    /// 401/403 → configuration, an operator matter; other 4xx → the CA refused: the order fails with its reason.
    /// </summary>
    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var status = (int)response.StatusCode;
        var detail = await ProblemDetailAsync(response, cancellationToken);
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            var retryAt = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => time.GetUtcNow() + delta,
                { Date: { } date } => date,
                _ => time.GetUtcNow().AddMinutes(1),
            };
            throw new CaRateLimitedException(retryAt, $"Sandbox CA: {detail}");
        }
        if (status >= 500) throw new HttpRequestException($"Sandbox CA answered {status}: {detail}", null, response.StatusCode);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException($"The sandbox CA refused the API key ({status}); check {SandboxCaOptions.Section}:ApiKey.");
        }
        throw new CaOrderFailedException($"Sandbox CA: {detail}");
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            var code = problem.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return $"{code ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {detail ?? response.ReasonPhrase}";
        }
        catch (JsonException)
        {
            return $"HTTP {(int)response.StatusCode} {(text.Length > 200 ? text[..200] : text)}";
        }
    }
}
