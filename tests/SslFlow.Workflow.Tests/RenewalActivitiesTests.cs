using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SslFlow.Activities.Renewal;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Tests;

/// <summary>UpdateInventory and PrepareRenewal against mocked ports: ARI, the person-needed plan, stale entries.</summary>
public sealed class RenewalActivitiesTests
{
    private static readonly DateTimeOffset NotBefore = new(2027, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly byte[] LeafDer = [1, 2, 3];

    /// <summary>The activities read nothing from their context.</summary>
    private static readonly TaskActivityContext Activity = Mock.Of<TaskActivityContext>();

    private static InventoryItem Item(string product = "dv-single", DcvMethod dcv = DcvMethod.Http01, DateTimeOffset? vetted = null) =>
        new("ord-5", product, ["www.example.com"], "acme", dcv, "ops@example.com", "order-ord-5", KeyAlgorithm.EcP256, "0C", NotBefore, NotBefore.AddDays(100),
            RenewalPolicy.RenewAt("ord-50C", NotBefore, NotBefore.AddDays(100)), OrganizationValidatedAt: vetted);

    private static (Mock<ICertificateInventory> Inventory, Mock<ICertificateAuthority> Ca, RenewalInfoLookup Lookup) Parts(CaRenewalInfo? info = null, Exception? ariFails = null, string vaultSerial = "0C")
    {
        var ca = new Mock<ICertificateAuthority>();
        ca.SetupGet(c => c.Name).Returns("acme");
        var ari = ca.Setup(c => c.GetRenewalInfoAsync(LeafDer, It.IsAny<CancellationToken>()));
        if (ariFails is not null) ari.ThrowsAsync(ariFails);
        else ari.ReturnsAsync(info);
        var vault = new Mock<IVault>();
        vault.Setup(v => v.GetCertificateAsync("order-ord-5", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new VaultCertificate("order-ord-5", "v1", vaultSerial, "T", NotBefore, NotBefore.AddDays(100), [LeafDer]));
        var inventory = new Mock<ICertificateInventory>();
        return (inventory, ca, new RenewalInfoLookup(new CertificateAuthorities([ca.Object]), vault.Object, NullLogger<RenewalInfoLookup>.Instance));
    }

    [Fact]
    public async Task A_new_certificate_renews_inside_the_cas_ari_window_when_it_offers_one()
    {
        var window = new CaRenewalInfo(NotBefore.AddDays(80), NotBefore.AddDays(82), "aki.0C");
        var (inventory, _, lookup) = Parts(window);

        await new UpdateInventory(inventory.Object, lookup).RunAsync(Activity, new UpdateInventoryInput(Item()));

        inventory.Verify(i => i.UpsertAsync(It.Is<InventoryItem>(x => x.RenewAt >= window.WindowStart && x.RenewAt <= window.WindowEnd && !x.NeedsPerson), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Without_ari_or_when_it_fails_the_lifetime_rule_stands()
    {
        var (inventory, _, lookup) = Parts(ariFails: new HttpRequestException("503"));
        await new UpdateInventory(inventory.Object, lookup).RunAsync(Activity, new UpdateInventoryInput(Item()));
        inventory.Verify(i => i.UpsertAsync(It.Is<InventoryItem>(x => x.RenewAt == Item().RenewAt), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Ari_for_another_serial_than_the_vaults_current_one_is_not_used()
    {
        var (inventory, ca, lookup) = Parts(new CaRenewalInfo(NotBefore.AddDays(10), NotBefore.AddDays(11), "x"), vaultSerial: "0D");
        await new UpdateInventory(inventory.Object, lookup).RunAsync(Activity, new UpdateInventoryInput(Item()));
        inventory.Verify(i => i.UpsertAsync(It.Is<InventoryItem>(x => x.RenewAt == Item().RenewAt), It.IsAny<CancellationToken>()));
        ca.Verify(c => c.GetRenewalInfoAsync(It.IsAny<byte[]>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task An_ov_certificate_records_its_vetting_and_needs_a_person_once_the_vetting_is_too_old_to_reuse()
    {
        var (inventory, _, lookup) = Parts();
        await new UpdateInventory(inventory.Object, lookup).RunAsync(Activity, new UpdateInventoryInput(Item("ov-single")));
        inventory.Verify(i => i.UpsertAsync(It.Is<InventoryItem>(x => x.OrganizationValidatedAt == NotBefore && !x.NeedsPerson), It.IsAny<CancellationToken>()));

        await new UpdateInventory(inventory.Object, lookup).RunAsync(Activity, new UpdateInventoryInput(Item("ov-single", vetted: NotBefore.AddDays(-350))));
        inventory.Verify(i => i.UpsertAsync(It.Is<InventoryItem>(x => x.NeedsPerson && x.RenewAt == NotBefore.AddDays(65)), It.IsAny<CancellationToken>())); // 35 days ahead
    }

    [Fact]
    public async Task A_retry_keeps_its_moment()
    {
        var (inventory, ca, lookup) = Parts(new CaRenewalInfo(NotBefore.AddDays(80), NotBefore.AddDays(82), "aki.0C"));
        var retry = Item() with { RenewAt = NotBefore.AddDays(70).AddMinutes(10), Failures = 2 };
        await new UpdateInventory(inventory.Object, lookup).RunAsync(Activity, new UpdateInventoryInput(retry, Plan: false));
        inventory.Verify(i => i.UpsertAsync(retry, It.IsAny<CancellationToken>()));
        ca.Verify(c => c.GetRenewalInfoAsync(It.IsAny<byte[]>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_reissue_keeps_the_renewal_count_and_the_organizations_vetting_date_of_the_stored_item()
    {
        var (inventory, _, lookup) = Parts();
        var vetted = NotBefore.AddDays(-100);
        inventory.Setup(i => i.GetAsync("ord-5", It.IsAny<CancellationToken>())).ReturnsAsync(Item("ov-single", vetted: vetted) with { Renewals = 3 });

        // The reissue's item, as its orchestration builds it: no renewal count, no vetting date.
        await new UpdateInventory(inventory.Object, lookup).RunAsync(Activity, new UpdateInventoryInput(Item("ov-single") with { SerialNumber = "0D" }, Reissue: true));

        inventory.Verify(i => i.UpsertAsync(It.Is<InventoryItem>(x => x.SerialNumber == "0D" && x.Renewals == 3 && x.OrganizationValidatedAt == vetted), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Prepare_renewal_reports_a_stale_entry_and_otherwise_the_window_and_replaces()
    {
        var (inventory, _, lookup) = Parts(new CaRenewalInfo(NotBefore.AddDays(80), NotBefore.AddDays(82), "aki.0C"));
        inventory.Setup(i => i.GetAsync("ord-5", It.IsAny<CancellationToken>())).ReturnsAsync(Item());
        var prepare = new PrepareRenewal(inventory.Object, lookup);

        Assert.False((await prepare.RunAsync(Activity, new PrepareRenewalInput("ord-5", "0B", "acme", "order-ord-5"))).Current);
        var current = await prepare.RunAsync(Activity, new PrepareRenewalInput("ord-5", "0C", "acme", "order-ord-5"));
        Assert.Equal(new RenewalPreparation(true, NotBefore.AddDays(80), NotBefore.AddDays(82), "aki.0C"), current);
    }
}
