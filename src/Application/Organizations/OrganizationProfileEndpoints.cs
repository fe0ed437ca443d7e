using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.Application.Http;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Domain.Accounts;
using SslFlow.Domain.Organizations;
using SslFlow.Contracts.Organizations;

namespace SslFlow.Application.Organizations;

/// <summary>
/// <c>/api/organization-profiles</c>: organizations a customer keeps to reuse across orders. Scoped like orders: a customer
/// sees and changes only its own account's profiles, and another account's profile answers the very 404 a missing one gets,
/// before the body is read. Operators see and change every account's; they create for an account named in the body
/// (<c>accountId</c>) and may filter the list by <c>?accountId=</c>. Public static handlers, so the Functions triggers call
/// the same code the local host maps.
/// </summary>
public static class OrganizationProfileEndpoints
{
    public const string Route = "/api/organization-profiles";

    public static IEndpointRouteBuilder MapOrganizationProfileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, (HttpRequest r, OrganizationProfileService s, ApiKeyAuthentication a, CancellationToken ct) => CreateAsync(r, s, a, ct));
        app.MapGet(Route, (HttpRequest r, OrganizationProfileService s, ApiKeyAuthentication a, CancellationToken ct) => ListAsync(r, s, a, ct));
        app.MapGet(Route + "/{profileId}", (string profileId, HttpRequest r, OrganizationProfileService s, ApiKeyAuthentication a, CancellationToken ct) => GetAsync(profileId, r, s, a, ct));
        app.MapPut(Route + "/{profileId}", (string profileId, HttpRequest r, OrganizationProfileService s, ApiKeyAuthentication a, CancellationToken ct) => UpdateAsync(profileId, r, s, a, ct));
        app.MapDelete(Route + "/{profileId}", (string profileId, HttpRequest r, OrganizationProfileService s, ApiKeyAuthentication a, CancellationToken ct) => DeleteAsync(profileId, r, s, a, ct));
        return app;
    }

    /// <summary>The service when the host has one (both hosts register it); order routes use it for <c>organizationProfileId</c>.</summary>
    public static OrganizationProfileService? Find(HttpRequest request) => request.HttpContext.RequestServices?.GetService<OrganizationProfileService>();

    public static async Task<IResult> CreateAsync(HttpRequest request, OrganizationProfileService service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.AuthenticateAccount(request) is not { } caller) return Unauthorized();
        var (body, error) = await RequestBodies.ReadJsonAsync<OrganizationProfileRequest>(request, cancellationToken);
        if (error is not null) return error;
        if (body is null) return Invalid([("body", "A JSON body is required: name, organization and (optional) contacts.")]);
        var (accountId, accountError) = AccountFor(caller, body.AccountId);
        var result = OrganizationProfileRules.Validate(body.Name, body.Organization, body.Contacts);
        var errors = result.Errors.Select(e => (e.Field, e.Reason)).ToList();
        if (accountError is not null) errors.Insert(0, ("accountId", accountError));
        if (errors.Count > 0) return Invalid(errors);
        var (created, profile) = await service.CreateAsync(accountId!, result.Details!, cancellationToken);
        return created.Outcome switch
        {
            ProfileCreateOutcome.Created => Results.Created($"{Route}/{profile.Id}", OrganizationProfileView.Of(profile)),
            ProfileCreateOutcome.KeyTaken => Results.Problem(statusCode: 409, title: "A profile for this organization exists.",
                detail: $"Profile '{created.ExistingId}' has this organization (same legal name, country and registration number); update it, or use it as it is.",
                type: "https://sslflow.dev/problems/profile-exists",
                extensions: new Dictionary<string, object?> { ["existingId"] = created.ExistingId, ["location"] = $"{Route}/{created.ExistingId}" }),
            _ => ProblemResults.Problem(409, "Too many profiles.",
                $"An account keeps at most {service.MaxPerAccount} organization profiles; delete one it no longer uses.", "profile-limit"),
        };
    }

    public static async Task<IResult> GetAsync(string profileId, HttpRequest request, OrganizationProfileService service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.AuthenticateAccount(request) is not { } caller) return Unauthorized();
        var profile = await service.GetVisibleAsync(caller, profileId, cancellationToken);
        return profile is null ? NotFound(profileId) : Results.Ok(OrganizationProfileView.Of(profile));
    }

    public static async Task<IResult> ListAsync(HttpRequest request, OrganizationProfileService service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.AuthenticateAccount(request) is not { } caller) return Unauthorized();
        var errors = new List<(string Field, string Reason)>();
        var scope = OrderAccess.ListScope(caller);
        if (request.Query["accountId"].ToString() is { Length: > 0 } named)
        {
            if (!caller.IsOperator && named != caller.Id) errors.Add(("accountId", "A customer key lists its own account's profiles only; leave accountId out."));
            else if (!IsAccountId(named)) errors.Add(("accountId", "Not an account id."));
            else scope = named;
        }
        var pageSize = 50;
        if (request.Query["pageSize"].ToString() is { Length: > 0 } p && (!int.TryParse(p, out pageSize) || pageSize is < 1 or > 1000))
        {
            errors.Add(("pageSize", "A number from 1 to 1000."));
        }
        string? token = null;
        // pageToken is the name of the list's nextPageToken; continuationToken as on GET /api/orders.
        foreach (var name in (string[])["pageToken", "continuationToken"])
        {
            if (request.Query[name].ToString() is { Length: > 0 } t && !PageTokens.TryDecode(t, out token))
            {
                errors.Add((name, "Not a paging token this API issued; pass the nextPageToken of the previous page unchanged, or omit it to start."));
            }
        }
        if (errors.Count > 0) return Invalid(errors);
        return Results.Ok(await service.ListAsync(scope, pageSize, token, cancellationToken));
    }

    /// <summary>
    /// Replaces the display name, the organization's details and the contacts (absent contacts: none). The organization's
    /// identity (legal name, country, registration number, EV jurisdiction and category) cannot change: 422 naming each
    /// field, since the vetting belongs to the organization; another organization is a new profile.
    /// </summary>
    public static async Task<IResult> UpdateAsync(string profileId, HttpRequest request, OrganizationProfileService service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.AuthenticateAccount(request) is not { } caller) return Unauthorized();
        if (await service.GetVisibleAsync(caller, profileId, cancellationToken) is not { } visible) return NotFound(profileId);
        var (body, error) = await RequestBodies.ReadJsonAsync<OrganizationProfileRequest>(request, cancellationToken);
        if (error is not null) return error;
        if (body is null) return Invalid([("body", "A JSON body is required: name, organization and (optional) contacts.")]);
        var result = OrganizationProfileRules.Validate(body.Name, body.Organization, body.Contacts);
        var errors = result.Errors.Select(e => (e.Field, e.Reason)).ToList();
        if (body.AccountId is not null && body.AccountId != visible.AccountId) errors.Insert(0, ("accountId", "A profile stays with its account; leave accountId out."));
        if (errors.Count > 0) return Invalid(errors);
        var updated = await service.UpdateAsync(visible, result.Details!, cancellationToken);
        return updated.Outcome switch
        {
            OrganizationProfileService.UpdateOutcome.Updated => Results.Ok(OrganizationProfileView.Of(updated.Profile!)),
            OrganizationProfileService.UpdateOutcome.IdentityChanged => Results.ValidationProblem(
                updated.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
                detail: "A profile keeps its organization: the vetting belongs to it. Create a new profile for another organization.",
                statusCode: 422, title: "The organization cannot change.", type: "https://sslflow.dev/problems/organization-identity"),
            _ => NotFound(profileId),
        };
    }

    /// <summary>204; orders that used the profile keep their own copy of the details.</summary>
    public static async Task<IResult> DeleteAsync(string profileId, HttpRequest request, OrganizationProfileService service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.AuthenticateAccount(request) is not { } caller) return Unauthorized();
        if (await service.GetVisibleAsync(caller, profileId, cancellationToken) is not { } visible) return NotFound(profileId);
        return await service.DeleteAsync(visible, cancellationToken) ? Results.NoContent() : NotFound(profileId);
    }

    /// <summary>Whose profile a create makes: a customer's own (naming another account is refused); an operator's must name one.</summary>
    private static (string? AccountId, string? Error) AccountFor(Account caller, string? named)
    {
        if (!caller.IsOperator)
        {
            return named is null || named == caller.Id ? (caller.Id, null) : (null, "A customer key creates profiles for its own account only; leave accountId out.");
        }
        if (string.IsNullOrWhiteSpace(named)) return (null, "Required with an operator key: the account the profile is for.");
        return IsAccountId(named) ? (named, null) : (null, "Not an account id (1-64 letters, digits, '-', '_' or '.').");
    }

    /// <summary>Account ids as configured (<see cref="ApiKeyDirectory"/>) or named by the older flat keys: table-key safe, bounded.</summary>
    private static bool IsAccountId(string id) => id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static IResult Invalid(IEnumerable<(string Field, string Reason)> errors)
    {
        var byField = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
        return Results.ValidationProblem(byField, title: "The organization profile is not valid.", type: "https://sslflow.dev/problems/validation");
    }

    private static IResult Unauthorized() => ProblemResults.Problem(401, "Authentication required.", "Send an API key as 'Authorization: Bearer <key>'.", "unauthorized");

    private static IResult NotFound(string profileId) =>
        ProblemResults.Problem(404, "No such organization profile.", $"There is no organization profile '{profileId[..Math.Min(profileId.Length, 100)]}'.", "not-found");
}
