using System.Text.Json;
using Azure.Data.Tables;
using SslFlow.Adapters.Inventory;
using SslFlow.Adapters.Orders;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Organizations;
using SslFlow.Workflow;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// The subject details (organization, contacts, person) in the Tables stores on Azurite: the inventory item and the order
/// record keep them for renewal and reissue; rows written before they were kept read as none; the largest subject the
/// domain rules allow stays far inside a Tables property (64 KiB).
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class SubjectStorageTests(LocalPartsFixture parts)
{
    private static readonly DateTimeOffset At = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every field at its maximum length under <see cref="SubjectDetailsRules"/> (emails at the RFC 5321 254).</summary>
    internal static readonly SubjectDetails Largest = new(
        new Organization(new string('O', SubjectText.OrganizationMax), "DE", new string('S', SubjectText.StateOrProvinceMax), new string('L', SubjectText.LocalityMax),
            new string('A', SubjectText.StreetAddressMax), new string('9', SubjectText.PostalCodeMax), "+" + new string('4', PhoneNumbers.MaxDigits),
            new string('R', SubjectText.SerialNumberMax),
            new EvRegistration(new Jurisdiction("DE", new string('J', SubjectText.StateOrProvinceMax), new string('K', SubjectText.LocalityMax)), BusinessCategory.PrivateOrganization)),
        new Contacts(Contact('a'), Contact('t')),
        new PersonName(new string('G', SubjectText.PersonNameMax), new string('F', SubjectText.PersonNameMax)));

    private static Contact Contact(char c) => new(new string(c, SubjectText.ContactNameMax), new string(c, 64) + "@" + new string(c, 185) + ".test", "+" + new string('3', PhoneNumbers.MaxDigits));

    private static InventoryItem Item(string id, SubjectDetails? subject) =>
        new(id, "ev-single", [$"{id}.sslflow.test"], "sandbox", DcvMethod.Dns01, null, $"order-{id}", KeyAlgorithm.EcP256, "0A", At, At.AddDays(200), At.AddDays(-1),
            OrganizationValidatedAt: At, Subject: subject);

    private async Task<(TableCertificateInventory Inventory, TableServiceClient Service, string Prefix)> InventoryAsync()
    {
        var prefix = "Inv" + Guid.NewGuid().ToString("N")[..10];
        var service = new TableServiceClient(parts.Azurite.ConnectionString);
        var inventory = new TableCertificateInventory(service, prefix);
        await inventory.EnsureCreatedAsync();
        return (inventory, service, prefix);
    }

    [Fact]
    public async Task The_inventory_keeps_the_subject_in_the_item_and_its_due_entry_within_the_size_of_a_property()
    {
        var (inventory, service, prefix) = await InventoryAsync();

        await inventory.UpsertAsync(Item("subj-1", Largest), default);

        Assert.Equal(Largest, (await inventory.GetAsync("subj-1", default))!.Subject);
        Assert.Equal(Largest, Assert.Single(await inventory.GetDueAsync(At, 10, default)).Subject); // what the renewal run hands the renewal
        var row = (await service.GetTableClient(prefix + "Certificates").GetEntityAsync<TableEntity>("subj-1", "cert")).Value;
        var data = row.GetString("Data")!;
        Assert.True(data.Length < 8 * 1024, $"{data.Length} characters"); // a string property holds 32 K characters
        Assert.DoesNotContain("null", data, StringComparison.Ordinal); // absent parts are left out, not written as null
    }

    [Fact]
    public async Task An_item_written_before_the_inventory_kept_subjects_reads_with_none_and_gets_one_on_its_next_write()
    {
        var (inventory, service, prefix) = await InventoryAsync();
        // The row as the adapter wrote it before: the item's JSON has no subject property at all.
        var old = JsonSerializer.SerializeToNode(Item("subj-old", null), WorkflowJson.Options)!.AsObject();
        Assert.False(old.ContainsKey("subject"));
        await service.GetTableClient(prefix + "Certificates").AddEntityAsync(new TableEntity("subj-old", "cert") { ["Data"] = old.ToJsonString(), ["NotAfter"] = At.AddDays(200) });

        var read = (await inventory.GetAsync("subj-old", default))!;
        Assert.Null(read.Subject);
        Assert.Equal(("0A", At), (read.SerialNumber, read.OrganizationValidatedAt!.Value));

        var subject = new SubjectDetails(null, null, new PersonName("Maria", "De Luca"));
        await inventory.UpsertAsync(read with { Subject = subject }, default);
        Assert.Equal(subject, (await inventory.GetAsync("subj-old", default))!.Subject);
    }

    [Fact]
    public async Task The_order_record_keeps_the_subject_given_at_creation_or_at_activation_and_old_records_read_with_none()
    {
        var store = new TableOrderStore(new TableServiceClient(parts.Azurite.ConnectionString));
        await store.EnsureCreatedAsync();
        var placed = $"subj-{Guid.NewGuid():N}"[..20];
        var saved = $"subj-{Guid.NewGuid():N}"[..20];
        var legacy = $"subj-{Guid.NewGuid():N}"[..20];
        OrderRecord Record(string id, SubjectDetails? subject) =>
            new(id, "ev-single", [$"{id}.sslflow.test"], "Dns01", null, OrderStatus.PendingActivation, OrderSubStatus.None, At, At, "sandbox", Subject: subject);

        await store.CreateAsync(Record(placed, Largest), default);
        Assert.Equal(Largest, (await store.GetAsync(placed, default))!.Subject);

        // A purchase gets its subject with its activation; a later transition that names none keeps it.
        await store.CreateAsync(Record(saved, null), default);
        await store.ApplyAsync(saved, new OrderTransition(101, At.AddMinutes(1), null, OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation,
            TransitionCauseKind.Submitted, OrderActor.System), new OrderUpdate(CaReference: $"ref-{saved}", Subject: Largest), default);
        await store.ApplyAsync(saved, new OrderTransition(200, At.AddMinutes(2), null, OrderStatus.Active, OrderSubStatus.None,
            TransitionCauseKind.Issued, OrderActor.CertificateAuthority), new OrderUpdate(SerialNumber: "0A"), default);
        Assert.Equal(Largest, (await store.GetAsync(saved, default))!.Subject);

        // A record written before the store kept subjects.
        var json = JsonSerializer.SerializeToNode(Record(legacy, null), WorkflowJson.Options)!.ToJsonString();
        Assert.DoesNotContain("subject", json, StringComparison.Ordinal);
        await new TableServiceClient(parts.Azurite.ConnectionString).GetTableClient("Orders").AddEntityAsync(
            new TableEntity(legacy, "order") { ["Status"] = nameof(OrderStatus.PendingActivation), ["SubStatus"] = nameof(OrderSubStatus.None), ["Data"] = json });
        var read = (await store.GetAsync(legacy, default))!;
        Assert.Null(read.Subject);
        Assert.Equal(OrderStatus.PendingActivation, read.Status);
    }
}
