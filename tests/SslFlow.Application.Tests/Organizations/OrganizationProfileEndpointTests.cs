using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Application.Organizations;
using SslFlow.Application.Security;
using SslFlow.Domain.Accounts;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;

namespace SslFlow.Application.Tests.Organizations;

/// <summary>
/// The organization profile routes over the real Tables store (Azurite): validation naming each field, one profile per
/// organization and account, scoping (another account's profile is a missing one and stays as it was), operators,
/// update rules, paging and the per-account cap.
/// </summary>
public sealed class OrganizationProfileEndpointTests(ProfileStoreFixture fixture) : IClassFixture<ProfileStoreFixture>
{
    private const string AliceKey = "alice-key-0123456789abcdefghij";
    private const string BobKey = "bob-key-0123456789abcdefghijkl";
    private const string OpsKey = "ops-key-0123456789abcdefghijkl";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly ApiKeyAuthentication _auth = Auth();

    public const string AcmeOrganization = """
        {"legalName":"Acme Widgets S.p.A.","country":"it","stateOrProvince":"AR","locality":"Arezzo","streetAddress":"Via San Clemente 53","postalCode":"52100","phone":"+39 0575 050500"}
        """;

    private static string Body(string name = "Acme", string organization = AcmeOrganization, string? contacts = null, string? accountId = null) =>
        $$"""{"name":{{JsonSerializer.Serialize(name)}},"organization":{{organization}}{{(contacts is null ? "" : $",\"contacts\":{contacts}")}}{{(accountId is null ? "" : $",\"accountId\":\"{accountId}\"")}}}""";

    private static ApiKeyAuthentication Auth()
    {
        var (directory, errors) = ApiKeyDirectory.Build(new Dictionary<string, AccountSettings>
        {
            ["alice"] = new() { ApiKeys = [AliceKey] },
            ["bob"] = new() { ApiKeys = [BobKey] },
            ["ops"] = new() { Role = AccountRole.Operator, ApiKeys = [OpsKey] },
        });
        Assert.Empty(errors);
        return new ApiKeyAuthentication(directory);
    }

    private static HttpRequest Request(string? key, string? json = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        if (key is not null) context.Request.Headers.Authorization = $"Bearer {key}";
        if (query is not null) context.Request.QueryString = new QueryString(query);
        var bytes = Encoding.UTF8.GetBytes(json ?? "");
        context.Request.Body = new MemoryStream(bytes);
        if (json is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
        }
        return context.Request;
    }

    private async Task<OrganizationProfileService> ServiceAsync(int max = OrganizationProfileRules.MaxPerAccount) => new(await fixture.NewStoreAsync(), _time, max);

    private async Task<OrganizationProfileView> CreateAsync(OrganizationProfileService service, string key, string body)
    {
        var created = Assert.IsType<Created<OrganizationProfileView>>(await OrganizationProfileEndpoints.CreateAsync(Request(key, body), service, _auth, default));
        Assert.Equal($"/api/organization-profiles/{created.Value!.Id}", created.Location);
        return created.Value;
    }

    private static ProblemDetails Problem(IResult result) => result switch
    {
        ProblemHttpResult p => p.ProblemDetails,
        _ => throw new Xunit.Sdk.XunitException($"Not a problem: {result.GetType().Name}"),
    };

    private static IDictionary<string, string[]> Errors(IResult result) =>
        Assert.IsType<HttpValidationProblemDetails>(Assert.IsType<ProblemHttpResult>(result).ProblemDetails).Errors;

    [Fact]
    public async Task A_profile_is_created_normalised_and_read_back_in_the_shape_the_dashboard_uses()
    {
        var service = await ServiceAsync();
        var view = await CreateAsync(service, AliceKey, Body("  Acme   HQ ", contacts: """{"admin":{"name":"Ada Admin","email":"ada@example.com","phone":"+39 0575 050501"}}"""));

        Assert.StartsWith("prof-", view.Id);
        Assert.Equal(("Acme HQ", "alice"), (view.Name, view.AccountId));
        Assert.Equal(("IT", "+390575050500"), (view.Organization.Country, view.Organization.Phone));
        Assert.Equal("ada@example.com", view.Contacts!.Admin!.Email);
        Assert.Null(view.Contacts.Technical);
        Assert.Null(view.Vetting);
        Assert.Empty(view.OrderIds);

        var read = Assert.IsType<Ok<OrganizationProfileView>>(await OrganizationProfileEndpoints.GetAsync(view.Id, Request(AliceKey), service, _auth, default)).Value!;
        Assert.Equal(JsonSerializer.Serialize(view), JsonSerializer.Serialize(read));
        // The JSON the API writes (web defaults): the dashboard's names, the organization in the activation's own shape.
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(read, JsonSerializerOptions.Web));
        Assert.Equal(["id", "name", "accountId", "organization", "contacts", "vetting", "orderIds", "createdAt", "updatedAt"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(typeof(OrganizationRequest).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(),
            json.RootElement.GetProperty("organization").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Each_bad_field_is_named_and_nothing_is_stored()
    {
        var service = await ServiceAsync();
        var bad = """{"legalName":"","country":"XX","locality":"Arezzo","streetAddress":"Via San Clemente 53","phone":"0575 050500","businessCategory":"Spaceship"}""";
        var result = await OrganizationProfileEndpoints.CreateAsync(Request(AliceKey, Body("", bad, """{"admin":{"name":"A","email":"not-an-email","phone":"+390575050501"}}""")), service, _auth, default);

        var errors = Errors(result);
        Assert.Equal(400, Problem(result).Status);
        Assert.Superset(new HashSet<string> { "name", "organization.legalName", "organization.country", "organization.phone", "organization.businessCategory",
            "organization.jurisdiction", "contacts.admin.email" }, errors.Keys.ToHashSet());
        Assert.True(Errors(await OrganizationProfileEndpoints.CreateAsync(Request(AliceKey, """{"name":"x"}"""), service, _auth, default)).ContainsKey("organization"));
        Assert.True(Errors(await OrganizationProfileEndpoints.CreateAsync(Request(AliceKey, "{nope"), service, _auth, default)).ContainsKey("body"));
        Assert.Equal(401, Problem(await OrganizationProfileEndpoints.CreateAsync(Request(null, Body()), service, _auth, default)).Status);
        var list = Assert.IsType<Ok<OrganizationProfileListView>>(await OrganizationProfileEndpoints.ListAsync(Request(AliceKey), service, _auth, default)).Value!;
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task An_ev_profile_is_complete_and_serves_ov_orders_without_its_ev_fields()
    {
        var service = await ServiceAsync();
        var ev = """{"legalName":"Acme Widgets S.p.A.","country":"IT","locality":"Arezzo","streetAddress":"Via San Clemente 53","phone":"+390575050500","registrationNumber":"AR-123456","jurisdiction":{"country":"IT"},"businessCategory":"private organization"}""";
        var view = await CreateAsync(service, AliceKey, Body("EV", ev));
        Assert.Equal(("IT", "Private Organization"), (view.Organization.Jurisdiction!.Country, view.Organization.BusinessCategory));

        var profile = (await service.GetForAccountAsync("alice", view.Id, default))!;
        var forOv = OrganizationProfileRules.ForOrder(profile.Organization, ProductCatalog.Get("ov-single"));
        Assert.Null(forOv.Jurisdiction);
        Assert.True(SubjectDetailsRules.Validate(ProductCatalog.Get("ov-single"), new SubjectDetailsRequest(forOv, null)).Errors.All(e => !e.Field.StartsWith("organization", StringComparison.Ordinal)));
        Assert.DoesNotContain(SubjectDetailsRules.Validate(ProductCatalog.Get("ev-multi"),
            new SubjectDetailsRequest(OrganizationProfileRules.ForOrder(profile.Organization, ProductCatalog.Get("ev-multi")), null)).Errors,
            e => e.Field.StartsWith("organization", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_organization_twice_in_one_account_is_409_naming_the_existing_profile_but_another_account_may_keep_it()
    {
        var service = await ServiceAsync();
        var first = await CreateAsync(service, AliceKey, Body());
        // Same key: spacing, punctuation and case of the legal name do not matter, nor the address.
        var again = """{"legalName":"ACME widgets spa","country":"IT","locality":"Firenze","streetAddress":"Via Roma 1","phone":"+390555050500"}""";
        var conflict = Assert.IsType<ProblemHttpResult>(await OrganizationProfileEndpoints.CreateAsync(Request(AliceKey, Body("Again", again)), service, _auth, default));
        Assert.Equal(409, conflict.StatusCode);
        Assert.Equal(first.Id, conflict.ProblemDetails.Extensions["existingId"]);
        Assert.Contains(first.Id, conflict.ProblemDetails.Detail);

        await CreateAsync(service, BobKey, Body("Bob's copy", again));
        // Another registration number is another organization.
        await CreateAsync(service, AliceKey, Body("Branch", AcmeOrganization.Replace("\"phone\"", "\"registrationNumber\":\"R-2\",\"phone\"")));
    }

    [Fact]
    public async Task Another_accounts_profile_answers_as_a_missing_one_on_every_route_and_stays_as_it_was()
    {
        var service = await ServiceAsync();
        var alice = await CreateAsync(service, AliceKey, Body());
        var update = Body("Renamed", AcmeOrganization.Replace("Via San Clemente 53", "Via Nuova 1"));
        var routes = new (string Route, Func<string, Task<IResult>> Call)[]
        {
            ("GET", id => OrganizationProfileEndpoints.GetAsync(id, Request(BobKey), service, _auth, default)),
            ("PUT", id => OrganizationProfileEndpoints.UpdateAsync(id, Request(BobKey, update), service, _auth, default)),
            ("DELETE", id => OrganizationProfileEndpoints.DeleteAsync(id, Request(BobKey), service, _auth, default)),
        };
        foreach (var (route, call) in routes)
        {
            var foreign = Problem(await call(alice.Id));
            var missing = Problem(await call("prof-00000000000000000000"));
            Assert.True(foreign.Status == 404, route);
            Assert.Equal((missing.Status, missing.Title, missing.Type), (foreign.Status, foreign.Title, foreign.Type));
            Assert.Equal(missing.Detail!.Replace("prof-00000000000000000000", alice.Id), foreign.Detail);
        }
        Assert.Equal(404, Problem(await OrganizationProfileEndpoints.GetAsync("../../x", Request(AliceKey), service, _auth, default)).Status);

        var after = Assert.IsType<Ok<OrganizationProfileView>>(await OrganizationProfileEndpoints.GetAsync(alice.Id, Request(AliceKey), service, _auth, default)).Value!;
        Assert.Equal(JsonSerializer.Serialize(alice), JsonSerializer.Serialize(after));
        var bobs = Assert.IsType<Ok<OrganizationProfileListView>>(await OrganizationProfileEndpoints.ListAsync(Request(BobKey), service, _auth, default)).Value!;
        Assert.Empty(bobs.Items);
        Assert.True(Errors(await OrganizationProfileEndpoints.ListAsync(Request(BobKey, query: "?accountId=alice"), service, _auth, default)).ContainsKey("accountId"));
        Assert.True(Errors(await OrganizationProfileEndpoints.CreateAsync(Request(BobKey, Body(accountId: "alice")), service, _auth, default)).ContainsKey("accountId"));
    }

    [Fact]
    public async Task Operators_list_every_account_create_for_a_named_account_and_read_any_profile()
    {
        var service = await ServiceAsync();
        var alice = await CreateAsync(service, AliceKey, Body());
        Assert.True(Errors(await OrganizationProfileEndpoints.CreateAsync(Request(OpsKey, Body("For nobody")), service, _auth, default)).ContainsKey("accountId"));
        var forBob = await CreateAsync(service, OpsKey, Body("For Bob", accountId: "bob"));
        Assert.Equal("bob", forBob.AccountId);

        var all = Assert.IsType<Ok<OrganizationProfileListView>>(await OrganizationProfileEndpoints.ListAsync(Request(OpsKey), service, _auth, default)).Value!;
        Assert.Equal(new[] { alice.Id, forBob.Id }.Order(), all.Items.Select(p => p.Id).Order());
        var bobs = Assert.IsType<Ok<OrganizationProfileListView>>(await OrganizationProfileEndpoints.ListAsync(Request(OpsKey, query: "?accountId=bob"), service, _auth, default)).Value!;
        Assert.Equal(forBob.Id, Assert.Single(bobs.Items).Id);
        Assert.IsType<Ok<OrganizationProfileView>>(await OrganizationProfileEndpoints.GetAsync(alice.Id, Request(OpsKey), service, _auth, default));
        var bobsOwn = Assert.IsType<Ok<OrganizationProfileListView>>(await OrganizationProfileEndpoints.ListAsync(Request(BobKey), service, _auth, default)).Value!;
        Assert.Equal(forBob.Id, Assert.Single(bobsOwn.Items).Id);
    }

    [Fact]
    public async Task An_update_changes_address_phone_and_contacts_but_not_the_organization_and_keeps_the_vetting()
    {
        var store = await fixture.NewStoreAsync();
        var service = new OrganizationProfileService(store, _time);
        var view = await CreateAsync(service, AliceKey, Body());
        // A vetting and an order recorded meanwhile (as the workflow's activity does) survive the update.
        var vetting = new OrganizationVetting(ValidationLevel.Organization, new DateOnly(2026, 11, 20), "sandbox", "SBX-1");
        await store.UpdateAsync("alice", view.Id, p => p with { Vetting = vetting }, default);
        await service.RecordOrderAsync("alice", view.Id, "ord-1", default);
        _time.Advance(TimeSpan.FromHours(1));

        var moved = AcmeOrganization.Replace("Via San Clemente 53", "Via Nuova 1").Replace("+39 0575 050500", "+39 0575 999999");
        var updated = Assert.IsType<Ok<OrganizationProfileView>>(await OrganizationProfileEndpoints.UpdateAsync(view.Id,
            Request(AliceKey, Body("Acme (moved)", moved, """{"technical":{"name":"Tec","email":"tec@example.com","phone":"+390575050502"}}""")), service, _auth, default)).Value!;
        Assert.Equal(("Acme (moved)", "Via Nuova 1", "+390575999999"), (updated.Name, updated.Organization.StreetAddress, updated.Organization.Phone));
        Assert.Equal("tec@example.com", updated.Contacts!.Technical!.Email);
        Assert.Equal(["ord-1"], updated.OrderIds);
        Assert.Equal(new OrganizationVettingView("OV", new DateOnly(2026, 11, 20), "sandbox", "SBX-1", OrganizationProfiles.ReusableUntil(new DateOnly(2026, 11, 20))), updated.Vetting);
        Assert.Equal((view.CreatedAt, _time.GetUtcNow()), (updated.CreatedAt, updated.UpdatedAt));

        var renamed = await OrganizationProfileEndpoints.UpdateAsync(view.Id,
            Request(AliceKey, Body("Other", AcmeOrganization.Replace("Acme Widgets", "Globex").Replace("\"it\"", "\"FR\""))), service, _auth, default);
        Assert.Equal(422, Problem(renamed).Status);
        Assert.Equal(new[] { "organization.country", "organization.legalName" }, Errors(renamed).Keys.Order());
        Assert.True(Errors(await OrganizationProfileEndpoints.UpdateAsync(view.Id, Request(AliceKey, Body("x", """{"country":"IT"}""")), service, _auth, default))
            .ContainsKey("organization.legalName"));
        var after = Assert.IsType<Ok<OrganizationProfileView>>(await OrganizationProfileEndpoints.GetAsync(view.Id, Request(AliceKey), service, _auth, default)).Value!;
        Assert.Equal("Acme (moved)", after.Name);
    }

    [Fact]
    public async Task Delete_answers_204_and_the_profile_and_its_organization_key_are_gone()
    {
        var service = await ServiceAsync();
        var view = await CreateAsync(service, AliceKey, Body());
        Assert.IsType<NoContent>(await OrganizationProfileEndpoints.DeleteAsync(view.Id, Request(AliceKey), service, _auth, default));
        Assert.Equal(404, Problem(await OrganizationProfileEndpoints.GetAsync(view.Id, Request(AliceKey), service, _auth, default)).Status);
        Assert.Equal(404, Problem(await OrganizationProfileEndpoints.DeleteAsync(view.Id, Request(AliceKey), service, _auth, default)).Status);
        // The organization can be kept again.
        await CreateAsync(service, AliceKey, Body());
    }

    [Fact]
    public async Task The_list_pages_with_the_api_paging_tokens_and_the_account_cap_is_a_409()
    {
        var service = await ServiceAsync(max: 3);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await CreateAsync(service, AliceKey, Body($"P{i}", AcmeOrganization.Replace("Acme Widgets", $"Acme {i}")))).Id);
        var full = Problem(await OrganizationProfileEndpoints.CreateAsync(Request(AliceKey, Body("P3", AcmeOrganization.Replace("Acme Widgets", "Acme 3"))), service, _auth, default));
        Assert.Equal((409, "https://sslflow.dev/problems/profile-limit"), (full.Status, full.Type));

        var first = Assert.IsType<Ok<OrganizationProfileListView>>(await OrganizationProfileEndpoints.ListAsync(Request(AliceKey, query: "?pageSize=2"), service, _auth, default)).Value!;
        Assert.Equal(2, first.Items.Count);
        Assert.StartsWith("p1.", first.NextPageToken);
        var second = Assert.IsType<Ok<OrganizationProfileListView>>(await OrganizationProfileEndpoints.ListAsync(
            Request(AliceKey, query: $"?pageSize=2&pageToken={Uri.EscapeDataString(first.NextPageToken!)}"), service, _auth, default)).Value!;
        Assert.Equal(ids.Order(), first.Items.Concat(second.Items).Select(p => p.Id).Order());
        Assert.True(Errors(await OrganizationProfileEndpoints.ListAsync(Request(AliceKey, query: "?pageToken=junk"), service, _auth, default)).ContainsKey("pageToken"));
        Assert.True(Errors(await OrganizationProfileEndpoints.ListAsync(Request(AliceKey, query: "?pageSize=0"), service, _auth, default)).ContainsKey("pageSize"));
    }

    [Fact]
    public async Task Concurrent_writers_to_one_profile_lose_nothing()
    {
        var service = await ServiceAsync();
        var view = await CreateAsync(service, AliceKey, Body());
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => service.RecordOrderAsync("alice", view.Id, $"ord-{i}", default)));
        var after = (await service.GetForAccountAsync("alice", view.Id, default))!;
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"ord-{i}").Order(), after.OrderIds!.Order());
        // Another account's id or a malformed one is no profile.
        Assert.Null(await service.GetForAccountAsync("bob", view.Id, default));
        Assert.Null(await service.GetForAccountAsync("alice", "p-' or ''='", default));
    }
}
