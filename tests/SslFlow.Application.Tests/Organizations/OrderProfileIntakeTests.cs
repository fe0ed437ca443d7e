using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SslFlow.Application.Orders;
using SslFlow.Application.Organizations;
using SslFlow.Application.Security;
using SslFlow.Domain.Accounts;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;

namespace SslFlow.Application.Tests.Organizations;

/// <summary>
/// <c>organizationProfileId</c> on orders: not with <c>organization</c> (400 naming both); a missing profile and another
/// account's are the same 400 on <c>organizationProfileId</c>, and nothing is started or raised (the workflow mock is strict).
/// </summary>
public sealed class OrderProfileIntakeTests : IClassFixture<ProfileStoreFixture>
{
    private readonly ProfileStoreFixture _fixture;
    private const string AliceKey = "alice-key-0123456789abcdefghij";
    private const string BobKey = "bob-key-0123456789abcdefghijkl";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly Mock<IOrderStore> _orders = new(MockBehavior.Strict);
    private readonly Mock<DurableTaskClient> _workflow = new(MockBehavior.Strict, "test");
    private readonly Mock<ICertificateAuthority> _ca = new();
    private readonly ApiKeyAuthentication _auth;

    private const string Organization = """{"legalName":"Acme Widgets S.p.A.","country":"IT","locality":"Arezzo","streetAddress":"Via San Clemente 53","phone":"+390575050500"}""";

    public OrderProfileIntakeTests(ProfileStoreFixture fixture)
    {
        _fixture = fixture;
        var (directory, _) = ApiKeyDirectory.Build(new Dictionary<string, AccountSettings>
        {
            ["alice"] = new() { ApiKeys = [AliceKey] },
            ["bob"] = new() { ApiKeys = [BobKey] },
        });
        _auth = new ApiKeyAuthentication(directory);
        _ca.SetupGet(c => c.Name).Returns("sandbox");
        _orders.Setup(o => o.GetAsync("ord-alice", It.IsAny<CancellationToken>())).ReturnsAsync(new OrderRecord("ord-alice", "ov-single", [], "Email", null,
            OrderStatus.PendingActivation, OrderSubStatus.None, _time.GetUtcNow(), _time.GetUtcNow(), "sandbox", Customer: "alice"));
    }

    private OrderUseCases Orders => OrderUseCases.Create(_workflow.Object, _orders.Object, Mock.Of<IVault>(), new CertificateAuthorities([_ca.Object]), new OrderServiceOptions());

    private static HttpRequest Request(string key, string json, OrganizationProfileService profiles)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton(profiles).BuildServiceProvider() };
        context.Request.Headers.Authorization = $"Bearer {key}";
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = bytes.Length;
        return context.Request;
    }

    private static IDictionary<string, string[]> Errors(IResult result) =>
        Assert.IsType<HttpValidationProblemDetails>(Assert.IsType<ProblemHttpResult>(result).ProblemDetails).Errors;

    [Fact]
    public async Task Activation_refuses_both_and_answers_a_foreign_profile_exactly_as_a_missing_one()
    {
        var profiles = new OrganizationProfileService(await _fixture.NewStoreAsync(), _time);
        var (_, bobs) = await profiles.CreateAsync("bob", OrganizationProfileRules.Validate("Bob's", new OrganizationRequest("Bob Ltd", "GB", null, "London", "1 Road", null, "+442071234567"), null).Details!, default);
        Task<IResult> Activate(string json) => OrderEndpoints.ActivateAsync("ord-alice", Request(AliceKey, json, profiles), Orders, _auth, new IntakeOptions(), _time, default);

        var both = Errors(await Activate($$"""{"domains":["www.example.com"],"organization":{{Organization}},"organizationProfileId":"{{bobs.Id}}"}"""));
        Assert.Equal(["organization", "organizationProfileId"], both.Keys.Order());

        var foreign = Errors(await Activate($$"""{"domains":["www.example.com"],"organizationProfileId":"{{bobs.Id}}"}"""));
        var missing = Errors(await Activate("""{"domains":["www.example.com"],"organizationProfileId":"prof-00000000000000000000"}"""));
        Assert.Equal(missing.Single().Key, foreign.Single().Key);
        Assert.Equal(missing.Single().Value, foreign.Single().Value);
        Assert.Equal(["No such organization profile."], foreign["organizationProfileId"]);
        // Bob's profile lists no order and nothing reached the workflow.
        Assert.Empty((await profiles.GetForAccountAsync("bob", bobs.Id, default))!.OrderIds!);
        _workflow.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Create_and_submit_takes_the_profile_only_from_the_callers_account()
    {
        var profiles = new OrganizationProfileService(await _fixture.NewStoreAsync(), _time);
        var (_, alices) = await profiles.CreateAsync("alice", OrganizationProfileRules.Validate("Acme", new OrganizationRequest("Acme", "IT", null, "Arezzo", "Via 1", null, "+390575050500"), null).Details!, default);
        Task<IResult> Create(string key, string json) => OrderEndpoints.CreateAsync(Request(key, json, profiles), Orders, _auth, new IntakeOptions(), default);

        var foreign = Errors(await Create(BobKey, $$"""{"product":"ov-single","domains":["www.example.com"],"dcvMethod":"email","approverEmail":"admin@example.com","organizationProfileId":"{{alices.Id}}"}"""));
        Assert.Equal(["No such organization profile."], foreign["organizationProfileId"]);
        var both = Errors(await Create(AliceKey, $$"""{"product":"ov-single","domains":["www.example.com"],"dcvMethod":"email","approverEmail":"admin@example.com","organization":{{Organization}},"organizationProfileId":"{{alices.Id}}"}"""));
        Assert.Equal(["organization", "organizationProfileId"], both.Keys.Order());
        // The profile's organization goes through the product's rules: DV names no organization, and says which profile.
        var dv = Errors(await Create(AliceKey, $$"""{"product":"dv-single","domains":["www.example.com"],"dcvMethod":"email","approverEmail":"admin@example.com","organizationProfileId":"{{alices.Id}}"}"""));
        Assert.StartsWith("The profile's organization:", Assert.Single(dv["organizationProfileId"]));
        // A purchase takes no profile: it is given at activation.
        Assert.True(Errors(await Create(AliceKey, $$"""{"product":"ov-single","organizationProfileId":"{{alices.Id}}"}""")).ContainsKey("organization"));
        _workflow.VerifyNoOtherCalls();
    }
}
