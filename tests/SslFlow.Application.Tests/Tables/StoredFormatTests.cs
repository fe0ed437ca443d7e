using System.Text.Json;
using SslFlow.Adapters.Tables;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Organizations;
using SslFlow.Workflow;

namespace SslFlow.Application.Tests.Tables;

/// <summary>
/// Rows and payloads as the code before SslFlow.Contracts wrote them (commit 29d373b, serialized with its WorkflowJson,
/// which the table stores then used): the table rows now have their own <see cref="TableJson"/> options, and the records
/// moved namespace, yet each literal reads back to the same values and is written again byte for byte. Enums are names.
/// </summary>
public sealed class StoredFormatTests
{
    private const string OrderRow = """{"orderId":"ord-1","productCode":"316","dnsNames":["shop.example.com","www.shop.example.com"],"dcvMethod":"Dns01","contactEmail":"ops@example.com","status":"ActivationInProgress","subStatus":"OrganizationChecks","createdAt":"2026-11-02T09:30:00+00:00","updatedAt":"2026-11-02T09:35:00+00:00","caName":"sandbox","caReference":"CA-77","customer":"acme-shop","workflowInstanceId":"ord-1","warnings":["w1"]}""";
    private const string TransitionRow = """{"sequence":3,"at":"2026-11-02T09:30:00+00:00","from":"PendingActivation","to":"ActivationInProgress","subStatus":"OrganizationChecks","cause":"Rejected","actor":"CertificateAuthority","detail":"d"}""";
    private const string InventoryRow = """{"certificateId":"ord-1","productCode":"316","dnsNames":["shop.example.com"],"caName":"sandbox","dcvMethod":"Dns01","contactEmail":"ops@example.com","certificateName":"ord-1-cert","key":"Rsa3072","serialNumber":"0A1B","notBefore":"2026-11-02T09:30:00+00:00","notAfter":"2027-05-20T09:30:00+00:00","renewAt":"2027-03-15T09:30:00+00:00","renewals":1,"failures":0,"needsPerson":false,"remindedAtDays":7,"organizationValidatedAt":"2026-10-30T09:30:00+00:00"}""";
    private const string InstallationStateRow = """{"index":0,"target":{"kind":"nginx","siteName":"shop","serverName":"shop.example.com","port":8443},"phase":"Installed","serialNumber":"0A1B","detail":"ok","at":"2026-11-02T09:30:00+00:00","attempts":2}""";
    private const string InstallTargetsRow = """[{"kind":"nginx","siteName":"shop","serverName":"shop.example.com","port":443},{"kind":"webhook","url":"https://hooks.example.com/x","secretName":"hook1","verifyPort":443}]""";
    private const string ProfileRow = """{"id":"p-1","accountId":"acme-shop","organization":{"legalName":"Acme Shop GmbH","country":"DE","locality":"Berlin","streetAddress":"Hauptstr. 1","postalCode":"10115","phone":"\u002B49.301234","registrationNumber":"HRB 1"},"name":"Acme","createdAt":"2026-11-02T09:30:00+00:00","updatedAt":"2026-11-02T09:30:00+00:00","key":"DE|HRB1|ACMESHOPGMBH"}""";

    private static T ReadsAndWritesTheSame<T>(string row, JsonSerializerOptions options)
    {
        var value = JsonSerializer.Deserialize<T>(row, options)!;
        Assert.Equal(row, JsonSerializer.Serialize(value, options));
        return value;
    }

    [Fact]
    public void An_order_row_of_today_reads_back()
    {
        var order = ReadsAndWritesTheSame<OrderRecord>(OrderRow, TableJson.Options);
        Assert.Equal((OrderStatus.ActivationInProgress, OrderSubStatus.OrganizationChecks, "CA-77"), (order.Status, order.SubStatus, order.CaReference));
        Assert.Equal(["shop.example.com", "www.shop.example.com"], order.DnsNames);
    }

    [Fact]
    public void A_transition_row_of_today_reads_back()
    {
        var t = ReadsAndWritesTheSame<OrderTransition>(TransitionRow, TableJson.Options);
        Assert.Equal((OrderStatus.PendingActivation, TransitionCauseKind.Rejected, OrderActor.CertificateAuthority), (t.From, t.Cause, t.Actor));
    }

    [Fact]
    public void An_inventory_row_of_today_reads_back_with_its_dcv_method_and_key_by_name()
    {
        var item = ReadsAndWritesTheSame<InventoryItem>(InventoryRow, TableJson.Options);
        Assert.Equal("Dns01", item.DcvMethod.ToString());
        Assert.Equal("Rsa3072", item.Key.ToString());
        Assert.Equal(7, item.RemindedAtDays);
    }

    [Fact]
    public void Installation_rows_of_today_read_back_with_their_kind_discriminator()
    {
        var state = ReadsAndWritesTheSame<InstallationState>(InstallationStateRow, TableJson.Options);
        Assert.Equal(new NginxTarget("shop", "shop.example.com", 8443), state.Target);
        var targets = ReadsAndWritesTheSame<List<InstallTarget>>(InstallTargetsRow, TableJson.Options);
        Assert.IsType<WebhookTarget>(targets[1]);
    }

    [Fact]
    public void An_organization_profile_row_of_today_reads_back()
    {
        var profile = JsonSerializer.Deserialize<OrganizationProfile>(ProfileRow, TableJson.Options)!;
        Assert.Equal(("acme-shop", "HRB 1"), (profile.AccountId, profile.Organization.RegistrationNumber));
        Assert.Equal(ProfileRow, JsonSerializer.Serialize(profile, TableJson.Options));
    }

    [Fact]
    public void The_table_options_are_the_workflow_options_of_today()
    {
        // Same rows whichever writes them: a drift of either set is caught by the literals above.
        Assert.Equal(InventoryRow, JsonSerializer.Serialize(JsonSerializer.Deserialize<InventoryItem>(InventoryRow, WorkflowJson.Options), WorkflowJson.Options));
    }

    [Fact]
    public void Durable_payloads_of_today_with_key_and_dcv_method_read_back()
    {
        var csr = ReadsAndWritesTheSame<CreateCsrInput>("""{"certificateName":"c1","commonName":"shop.example.com","dnsNames":["shop.example.com"],"key":"EcP384"}""", WorkflowJson.Options);
        Assert.Equal("EcP384", csr.Key.ToString());
        var submit = ReadsAndWritesTheSame<SubmitOrderInput>("""{"caName":"acme","request":{"orderKey":"ord-1","productCode":"287","dnsNames":["shop.example.com"],"dcvMethod":"Http01"}}""", WorkflowJson.Options);
        Assert.Equal("Http01", submit.Request.DcvMethod.ToString());
        var challenges = ReadsAndWritesTheSame<PublishChallengesInput>("""{"challenges":[{"dnsName":"shop.example.com","method":"Email","token":"t","value":"v"}]}""", WorkflowJson.Options);
        Assert.Equal("Email", challenges.Challenges[0].Method.ToString());
    }
}
