using Microsoft.DurableTask;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SslFlow.Activities.Orders;
using SslFlow.Application.Organizations;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;

namespace SslFlow.Application.Tests.Organizations;

/// <summary>
/// The workflow's activity after an OV/EV order is ACTIVE, over the real profile store: the account's profile for the
/// organization (matched by key, however the details were typed) gets the CA's vetting and the order; re-runs change nothing.
/// </summary>
public sealed class RecordOrganizationVettingTests(ProfileStoreFixture fixture) : IClassFixture<ProfileStoreFixture>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly Mock<IOrderStore> _orders = new();
    private readonly Mock<ICertificateAuthority> _ca = new();

    private static Organization Acme(string name = "Acme Widgets S.p.A.") =>
        new(name, "IT", "AR", "Arezzo", "Via San Clemente 53", "52100", "+390575050500");

    private sealed class Context : TaskActivityContext
    {
        public override TaskName Name => nameof(RecordOrganizationVetting);

        public override string InstanceId => "test";
    }

    private void Order(string orderId, string caReference, string customer = "alice")
    {
        _orders.Setup(o => o.GetAsync(orderId, It.IsAny<CancellationToken>())).ReturnsAsync(new OrderRecord(orderId, "ov-single", ["www.example.com"], "Email", null,
            OrderStatus.Active, OrderSubStatus.None, _time.GetUtcNow(), _time.GetUtcNow(), "sandbox", CaReference: caReference, NotBefore: _time.GetUtcNow(), Customer: customer));
        _orders.Setup(o => o.FindOrderIdByCaReferenceAsync(caReference, It.IsAny<CancellationToken>())).ReturnsAsync(orderId);
    }

    [Fact]
    public async Task A_vetting_the_ca_reused_from_another_customers_order_names_the_customers_own_order()
    {
        var store = await fixture.NewStoreAsync();
        var (_, bobs) = await new OrganizationProfileService(store, _time).CreateAsync("bob", new ProfileDetails("Acme", Acme(), null), default);
        _ca.SetupGet(c => c.Name).Returns("sandbox");
        // Bob's order SBX-7 reused the vetting the CA did for alice's SBX-5: the day is the CA's, the reference bob's own.
        _ca.Setup(c => c.GetOrganizationVettingAsync("SBX-7", It.IsAny<CancellationToken>())).ReturnsAsync(new CaOrganizationVetting(new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.Zero), "SBX-5"));
        Order("ord-5", "SBX-5", "alice");
        Order("ord-7", "SBX-7", "bob");
        var activity = new RecordOrganizationVetting(store, _orders.Object, new CertificateAuthorities([_ca.Object]));

        Assert.True(await activity.RunAsync(new Context(), new("ord-7", "bob", "ov-single", "sandbox", Acme())));

        Assert.Equal(new OrganizationVetting(ValidationLevel.Organization, new DateOnly(2026, 11, 18), "sandbox", "SBX-7"), (await store.GetAsync("bob", bobs.Id, default))!.Vetting);
    }

    [Fact]
    public async Task The_accounts_profile_for_the_organization_gets_the_cas_vetting_and_the_order_once()
    {
        var store = await fixture.NewStoreAsync();
        var service = new OrganizationProfileService(store, _time);
        var (_, profile) = await service.CreateAsync("alice", new ProfileDetails("Acme", Acme(), null), default);
        var (_, bobs) = await service.CreateAsync("bob", new ProfileDetails("Acme", Acme(), null), default);
        _ca.SetupGet(c => c.Name).Returns("sandbox");
        // The second order reused the first one's vetting: the CA reports the first day and order.
        _ca.Setup(c => c.GetOrganizationVettingAsync("SBX-1", It.IsAny<CancellationToken>())).ReturnsAsync(new CaOrganizationVetting(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), "SBX-1"));
        _ca.Setup(c => c.GetOrganizationVettingAsync("SBX-2", It.IsAny<CancellationToken>())).ReturnsAsync(new CaOrganizationVetting(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), "SBX-1"));
        Order("ord-1", "SBX-1");
        Order("ord-2", "SBX-2");
        var activity = new RecordOrganizationVetting(store, _orders.Object, new CertificateAuthorities([_ca.Object]));

        // Details typed by hand (another spelling of the same legal name) still find the profile.
        Assert.True(await activity.RunAsync(new Context(), new("ord-1", "alice", "ov-single", "sandbox", Acme("ACME WIDGETS SpA"))));
        Assert.True(await activity.RunAsync(new Context(), new("ord-1", "alice", "ov-single", "sandbox", Acme("ACME WIDGETS SpA"))));
        Assert.True(await activity.RunAsync(new Context(), new("ord-2", "alice", "ov-single", "sandbox", Acme(), profile.Id)));

        var after = (await store.GetAsync("alice", profile.Id, default))!;
        Assert.Equal(new OrganizationVetting(ValidationLevel.Organization, new DateOnly(2026, 11, 20), "sandbox", "SBX-1"), after.Vetting);
        Assert.Equal(["ord-1", "ord-2"], after.OrderIds);
        // Another account's profile of the same organization is not touched.
        Assert.Null((await store.GetAsync("bob", bobs.Id, default))!.Vetting);
    }

    [Fact]
    public async Task Nothing_is_recorded_without_organization_checks_a_customer_or_a_profile()
    {
        var store = await fixture.NewStoreAsync();
        var activity = new RecordOrganizationVetting(store, _orders.Object, new CertificateAuthorities([]));
        Assert.False(await activity.RunAsync(new Context(), new("ord-1", "alice", "dv-single", "sandbox", Acme())));
        Assert.False(await activity.RunAsync(new Context(), new("ord-1", null, "ov-single", "sandbox", Acme())));
        Assert.False(await activity.RunAsync(new Context(), new("ord-1", "alice", "ov-single", "sandbox", Acme(), "prof-00000000000000000000")));
        _orders.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_ca_that_does_not_report_the_vetting_gives_the_orders_own_day_and_reference()
    {
        var store = await fixture.NewStoreAsync();
        var (_, profile) = await new OrganizationProfileService(store, _time).CreateAsync("alice", new ProfileDetails("Acme", Acme(), null), default);
        _ca.SetupGet(c => c.Name).Returns("other");
        _ca.Setup(c => c.GetOrganizationVettingAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((CaOrganizationVetting?)null);
        Order("ord-9", "OTHER-9");
        var activity = new RecordOrganizationVetting(store, _orders.Object, new CertificateAuthorities([_ca.Object]));
        Assert.True(await activity.RunAsync(new Context(), new("ord-9", "alice", "ev-multi", "other", Acme())));
        Assert.Equal(new OrganizationVetting(ValidationLevel.Extended, new DateOnly(2026, 11, 24), "other", "OTHER-9"), (await store.GetAsync("alice", profile.Id, default))!.Vetting);
    }
}
