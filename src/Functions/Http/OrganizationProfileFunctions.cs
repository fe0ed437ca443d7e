using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SslFlow.Application.Organizations;
using SslFlow.Application.Security;

namespace SslFlow.Functions.Http;

/// <summary>Organization profiles on Functions: each trigger calls the handler the local host maps (<see cref="OrganizationProfileEndpoints"/>).</summary>
public sealed class OrganizationProfileFunctions(OrganizationProfileService profiles, ApiKeyAuthentication auth)
{
    [Function("CreateOrganizationProfile")]
    public async Task<IActionResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/organization-profiles")] HttpRequest request, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrganizationProfileEndpoints.CreateAsync(request, profiles, auth, cancellationToken));

    [Function("ListOrganizationProfiles")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organization-profiles")] HttpRequest request, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrganizationProfileEndpoints.ListAsync(request, profiles, auth, cancellationToken));

    [Function("GetOrganizationProfile")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organization-profiles/{profileId}")] HttpRequest request, string profileId,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await OrganizationProfileEndpoints.GetAsync(profileId, request, profiles, auth, cancellationToken));

    [Function("UpdateOrganizationProfile")]
    public async Task<IActionResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/organization-profiles/{profileId}")] HttpRequest request, string profileId,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await OrganizationProfileEndpoints.UpdateAsync(profileId, request, profiles, auth, cancellationToken));

    [Function("DeleteOrganizationProfile")]
    public async Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/organization-profiles/{profileId}")] HttpRequest request, string profileId,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await OrganizationProfileEndpoints.DeleteAsync(profileId, request, profiles, auth, cancellationToken));
}
