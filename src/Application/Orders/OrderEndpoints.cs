using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SslFlow.Application.Http;
using SslFlow.Application.Security;
using SslFlow.Domain.Orders;
using SslFlow.Workflow;

namespace SslFlow.Application.Orders;

/// <summary>
/// The order routes. The handlers are public static methods so the Azure Functions HTTP triggers call the very
/// same code; the local host maps them with <see cref="MapOrderEndpoints"/>.
/// </summary>
public static partial class OrderEndpoints
{
    /// <summary>The one body limit of the API (<see cref="RequestBodies.MaxBytes"/>).</summary>
    public const int MaxBodyBytes = RequestBodies.MaxBytes;

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/orders", (HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, IntakeOptions o, CancellationToken ct) => CreateAsync(r, s, a, o, ct));
        app.MapGet("/api/orders/{orderId}", (string orderId, HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, CancellationToken ct) => GetAsync(orderId, r, s, a, ct));
        app.MapGet("/api/orders", (HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, CancellationToken ct) => ListAsync(r, s, a, ct));
        app.MapGet("/api/orders/{orderId}/certificate", (string orderId, HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, CancellationToken ct) => DownloadAsync(orderId, r, s, a, ct));
        app.MapPost("/api/orders/{orderId}/cancel", (string orderId, HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, TimeProvider t, CancellationToken ct) => CancelAsync(orderId, r, s, a, t, ct));
        app.MapPost("/api/orders/{orderId}/revoke", (string orderId, HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, CancellationToken ct) => RevokeAsync(orderId, r, s, a, ct));
        app.MapPost("/api/orders/{orderId}/reissue", (string orderId, HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, IntakeOptions o, CancellationToken ct) => ReissueAsync(orderId, r, s, a, o, ct));
        app.MapPost("/api/orders/{orderId}/resend-approval", (string orderId, HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, CancellationToken ct) => ResendApprovalAsync(orderId, r, s, a, ct));
        app.MapPost("/api/orders/{orderId}/install", (string orderId, HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, TimeProvider t, CancellationToken ct) => InstallAsync(orderId, r, s, a, t, ct));
        app.MapPost("/api/orders/{orderId}/activate", (string orderId, HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, IntakeOptions o, TimeProvider t, CancellationToken ct) => ActivateAsync(orderId, r, s, a, o, t, ct));
        app.MapPost("/api/orders/{orderId}/dcv-method", (string orderId, HttpRequest r, OrderUseCases s, ApiKeyAuthentication a, TimeProvider t, CancellationToken ct) => ChangeDcvMethodAsync(orderId, r, s, a, t, ct));
        return app;
    }

    public static async Task<IResult> DownloadAsync(string orderId, HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (await DenyAsync(orderId, request, service.Visibility, auth, cancellationToken) is { } denied) return denied;
        var pem = await service.Queries.GetChainPemAsync(orderId, cancellationToken);
        return pem is null
            ? ProblemResults.Problem(404, "No certificate.", $"Order '{orderId[..Math.Min(orderId.Length, 100)]}' has no issued certificate.", "not-found")
            : Results.Text(pem, "application/x-pem-file");
    }

    public static async Task<IResult> CancelAsync(string orderId, HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await DenyAsync(orderId, request, service.Visibility, auth, cancellationToken) is { } denied) return denied;
        var (body, error) = await ReadBodyAsync<CancelOrderRequest>(request, cancellationToken);
        if (error is not null) return error;
        var reason = body?.Reason is { Length: > 0 and <= 500 } r ? r : "Cancelled by the customer";
        if (Caas.CaasEndpoints.Find(request) is { } caas && await caas.TryCancelAsync(orderId, reason, time.GetUtcNow(), cancellationToken) is { } subscription) return Lifecycle(orderId, subscription);
        return Lifecycle(orderId, await service.Lifecycle.CancelAsync(orderId, reason, time.GetUtcNow(), cancellationToken));
    }

    public static async Task<IResult> RevokeAsync(string orderId, HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (await DenyAsync(orderId, request, service.Visibility, auth, cancellationToken) is { } denied) return denied;
        var (body, error) = await ReadBodyAsync<RevokeOrderRequest>(request, cancellationToken);
        if (error is not null) return error;
        var name = body?.Reason ?? "unspecified";
        if (!Contracts.Lifecycle.RevocationReasons.ByName.TryGetValue(name, out var code))
        {
            return ProblemResults.Validation([("reason", $"Use one of {string.Join(", ", Contracts.Lifecycle.RevocationReasons.ByName.Keys)} (RFC 5280).")]);
        }
        return Lifecycle(orderId, await service.Lifecycle.RevokeAsync(orderId, name, code, cancellationToken));
    }

    public static async Task<IResult> ReissueAsync(string orderId, HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, IntakeOptions options, CancellationToken cancellationToken)
    {
        if (await DenyAsync(orderId, request, service.Visibility, auth, cancellationToken) is { } denied) return denied;
        var (body, error) = await ReadBodyAsync<ReissueOrderRequest>(request, cancellationToken);
        if (error is not null) return error;
        var add = body?.AddDomains ?? [];
        Domain.Keys.KeyAlgorithm? key = null;
        if (body?.KeyAlgorithm is { } k)
        {
            if (!Domain.Keys.KeyAlgorithms.TryParse(k, out var parsed)) return ProblemResults.Validation([("keyAlgorithm", Domain.Keys.KeyAlgorithms.Unknown(k))]);
            key = parsed;
        }
        var names = new List<string>();
        if (add.Count > 0)
        {
            var errors = OrderRequestValidator.Validate(new CreateOrderRequest(add, "dv-multi", "dns-01", null), out var normalised, options.AllowTestNames)
                .Select(e => (e.Field.Replace("domains", "addDomains"), e.Reason)).ToList();
            if (errors.Count > 0) return ProblemResults.Validation(errors);
            names.AddRange(normalised!.DnsNames);
        }
        return Lifecycle(orderId, await service.Lifecycle.ReissueAsync(orderId, names, key, cancellationToken));
    }

    public static async Task<IResult> ResendApprovalAsync(string orderId, HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (await DenyAsync(orderId, request, service.Visibility, auth, cancellationToken) is { } denied) return denied;
        if (orderId.Length > 100) return NotFound(orderId);
        return Lifecycle(orderId, await service.Lifecycle.ResendApprovalAsync(orderId, cancellationToken));
    }

    /// <summary>Runs the installation of the current certificate again (issue 17).</summary>
    public static async Task<IResult> InstallAsync(string orderId, HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await DenyAsync(orderId, request, service.Visibility, auth, cancellationToken) is { } denied) return denied;
        if (orderId.Length > 100) return NotFound(orderId);
        return Lifecycle(orderId, await service.Lifecycle.InstallAsync(orderId, time.GetUtcNow(), cancellationToken));
    }

    public static async Task<IResult> ChangeDcvMethodAsync(string orderId, HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await DenyAsync(orderId, request, service.Visibility, auth, cancellationToken) is { } denied) return denied;
        if (orderId.Length > 100) return NotFound(orderId);
        var (body, error) = await ReadBodyAsync<ChangeDcvMethodRequest>(request, cancellationToken);
        if (error is not null) return error;
        if (body?.DcvMethod is null) return ProblemResults.Validation([("dcvMethod", "Required: http-01, dns-01 or email.")]);
        if (!Domain.Rules.DcvMethods.TryParse(body.DcvMethod, out var method)) return ProblemResults.Validation([("dcvMethod", $"Unknown method '{Trim(body.DcvMethod)}'. Use http-01, dns-01 or email.")]);
        if (body.ApproverEmail is { Length: > 254 }) return ProblemResults.Validation([("approverEmail", "At most 254 characters.")]);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return Lifecycle(orderId, await service.Lifecycle.ChangeDcvMethodAsync(orderId, method, body.ApproverEmail, today, cancellationToken));
    }

    private static string Trim(string value) => value.Length > 100 ? value[..100] : value;

    internal static IResult Lifecycle(string orderId, LifecycleResult result) => result.Outcome switch
    {
        LifecycleOutcome.Done => Results.Ok(new { orderId, detail = result.Detail }),
        LifecycleOutcome.Invalid => ProblemResults.Validation(result.Errors ?? []),
        LifecycleOutcome.Started => Results.Accepted($"/api/orders/{orderId}", new { orderId, operation = result.InstanceId, detail = result.Detail }),
        LifecycleOutcome.AlreadyRunning => Results.Accepted($"/api/orders/{orderId}", new { orderId, operation = result.InstanceId, detail = result.Detail }),
        LifecycleOutcome.NotFound => NotFound(orderId),
        _ => ProblemResults.Problem(409, "Not possible in this state.", result.Detail ?? "", "wrong-state"),
    };

    private static Task<(T? Body, IResult? Error)> ReadBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken) =>
        RequestBodies.ReadJsonAsync<T>(request, cancellationToken);

    public static async Task<IResult> CreateAsync(HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, IntakeOptions options, CancellationToken cancellationToken)
    {
        var caller = auth.Authenticate(request);
        if (caller is null) return Unauthorized();
        var (idempotencyKey, keyError) = IdempotencyKeys.Parse(request.Headers[IdempotencyKeys.Header]);
        if (keyError is not null) return ProblemResults.Problem(400, "Invalid Idempotency-Key.", keyError, "idempotency-key");
        var (body, error) = await ReadBodyAsync<CreateOrderRequest>(request, cancellationToken);
        if (error is not null) return error;
        if (Domain.Products.CaasProductCatalog.IsCaas(body?.Product) && Caas.CaasEndpoints.Find(request) is { } caas) return await Caas.CaasEndpoints.CreateAsync(request, body!, caller, caas, cancellationToken);
        if (IsPurchase(body)) return await CreatePurchaseAsync(request, body!, caller, service, cancellationToken);
        var errors = OrderRequestValidator.Validate(body, out var order, options.AllowTestNames);
        if (errors.Count > 0) return ProblemResults.Validation(errors);
        if (service.Placement.ChooseCa(order!) is null)
        {
            return ProblemResults.Validation([("product", $"No certificate authority for '{order!.Product}' with {order.DcvMethod} validation is configured on this deployment.")]);
        }
        Domain.Organizations.OrganizationProfile? profile = null;
        if (body!.OrganizationProfileId is { } profileId)
        {
            // issue 16: the organization (and contacts, when none are given) from the caller's profile.
            var (found, profileErrors) = await Organizations.OrderProfiles.ResolveAsync(request, caller, profileId, body.Organization, cancellationToken);
            if (found is null) return ProblemResults.Validation(profileErrors);
            var (organization, contacts) = Organizations.OrderProfiles.Details(found, Domain.Products.ProductCatalog.Find(order!.Product)!, body.Contacts);
            (body, profile) = (body with { Organization = organization, Contacts = contacts }, found);
        }
        var (subject, subjectErrors) = SubjectOf(body!, order!);
        if (subjectErrors.Count > 0) return ProblemResults.Validation(Organizations.OrderProfiles.Attribute(subjectErrors, profile?.Id));
        var installErrors = service.Placement.ValidateInstallTargets(body!.InstallTargets, caller, order!, out var withTargets);
        if (installErrors.Count > 0) return ProblemResults.Validation(installErrors);
        order = withTargets;
        var accepted = await service.Placement.CreateAsync(order!, caller, idempotencyKey, cancellationToken, subject, profile?.Id);
        if (accepted.Conflict is { } conflict)
        {
            return ProblemResults.Problem(422, "Idempotency key already used.", conflict, "idempotency-key-reused");
        }
        if (profile is not null && accepted.Created) await Organizations.OrderProfiles.RecordOrderAsync(request, profile, accepted.OrderId, cancellationToken);
        var location = $"/api/orders/{accepted.OrderId}";
        return Results.Accepted(location, new { orderId = accepted.OrderId, status = OrderStatus.PendingActivation.Display(), statusUrl = location, created = accepted.Created,
            warnings = order!.Warnings ?? [] });
    }

    public static async Task<IResult> GetAsync(string orderId, HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (await DenyAsync(orderId, request, service.Visibility, auth, cancellationToken) is { } denied) return denied;
        if (orderId.Length > 100) return NotFound(orderId);
        var view = await service.Queries.GetAsync(orderId, cancellationToken);
        if (view is not null && Caas.CaasEndpoints.Find(request) is { } caas) view = await caas.WithReadsAsync(view, cancellationToken);
        return view is null ? NotFound(orderId) : Results.Ok(view);
    }

    public static async Task<IResult> ListAsync(HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.AuthenticateAccount(request) is not { } caller) return Unauthorized();
        // Tracking by the CA's reference (seed 003) is one indexed read, not a scan.
        if (request.Query["caReference"].ToString() is { Length: > 0 } reference)
        {
            if (reference.Length > 500) return ProblemResults.Validation([("caReference", "At most 500 characters.")]);
            return Results.Ok(await FindScopedAsync(service, reference, caller, cancellationToken));
        }
        OrderStatus? status = null;
        if (request.Query["status"].ToString() is { Length: > 0 } s)
        {
            var match = Enum.GetValues<OrderStatus>().Where(v => v.Display().Equals(s, StringComparison.OrdinalIgnoreCase) || v.ToString().Equals(s, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 0) return ProblemResults.Validation([("status", $"Unknown status '{s}'.")]);
            status = match[0];
        }
        var pageSize = 50;
        if (request.Query["pageSize"].ToString() is { Length: > 0 } p && (!int.TryParse(p, out pageSize) || pageSize is < 1 or > 1000))
        {
            return ProblemResults.Validation([("pageSize", "A number from 1 to 1000.")]);
        }
        string? token = null;
        if (request.Query["continuationToken"].ToString() is { Length: > 0 } t && !PageTokens.TryDecode(t, out token))
        {
            return ProblemResults.Validation([("continuationToken", "Not a paging token this API issued; pass the continuationToken of the previous page unchanged, or omit it to start.")]);
        }
        return Results.Ok(await service.Queries.ListAsync(status, pageSize, token, Domain.Accounts.OrderAccess.ListScope(caller), cancellationToken));
    }

    private static IResult Unauthorized() => ProblemResults.Problem(401, "Authentication required.", "Send an API key as 'Authorization: Bearer <key>'.", "unauthorized");

    private static IResult NotFound(string orderId) => ProblemResults.Problem(404, "No such order.", $"There is no order '{orderId[..Math.Min(orderId.Length, 100)]}'.", "not-found");
}

public sealed class IntakeOptions
{
    /// <summary>Allows names under .test (local demo and tests against Pebble); off in production.</summary>
    public bool AllowTestNames { get; set; }
}
