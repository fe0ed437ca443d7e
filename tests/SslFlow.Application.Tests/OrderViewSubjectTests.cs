using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SslFlow.Application.Orders;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Organizations;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Rules;

namespace SslFlow.Application.Tests;

/// <summary>
/// Issue 16: the order view carries the owning account and the subject details kept with the order, so a dashboard can
/// show the organization before issuance and an operator can act for the order's customer.
/// </summary>
public sealed class OrderViewSubjectTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    private static readonly SubjectDetails Details = new(
        new Organization("Example S.p.A.", "IT", "MI", "Milano", "Via Roma 1", "20100", "+390212345678", "MI-123456",
            new EvRegistration(new Jurisdiction("IT"), BusinessCategory.PrivateOrganization)),
        new Contacts(new Contact("Ada Admin", "admin@example.com", "+390211111111"), null),
        null);

    private readonly Mock<IOrderStore> _orders = new(MockBehavior.Strict);
    private readonly Mock<DurableTaskClient> _workflow = new(MockBehavior.Strict, "test");

    private OrderQueries Service => new(_workflow.Object, _orders.Object, new Mock<IVault>(MockBehavior.Strict).Object);

    private void Recorded(string orderId, string product, string name, SubjectDetails? subject)
    {
        _orders.Setup(o => o.GetAsync(orderId, It.IsAny<CancellationToken>())).ReturnsAsync(new OrderRecord(orderId, product, [name], "Email", null,
            OrderStatus.ActivationInProgress, OrderSubStatus.None, Time.GetUtcNow(), Time.GetUtcNow(), "sandbox", Customer: "alice", Subject: subject));
        _orders.Setup(o => o.GetTransitionsAsync(orderId, It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _workflow.Setup(w => w.GetInstanceAsync(orderId, It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
    }

    [Fact]
    public async Task A_recorded_order_shows_its_customer_and_its_organization_and_contacts_in_the_activation_shape()
    {
        Recorded("ord-ev", "ev-single", "www.example.com", Details);
        var view = (await Service.GetAsync("ord-ev", default))!;

        Assert.Equal("alice", view.Customer);
        var organization = view.Subject!.Organization!;
        Assert.Equal(("Example S.p.A.", "IT", "Milano", "+390212345678", "MI-123456"),
            (organization.LegalName, organization.Country, organization.Locality, organization.Phone, organization.RegistrationNumber));
        Assert.Equal("IT", organization.Jurisdiction!.Country);
        Assert.Equal("Private Organization", organization.BusinessCategory);
        Assert.Equal(new ContactRequest("Ada Admin", "admin@example.com", "+390211111111"), view.Subject.Contacts!.Admin);
        Assert.Null(view.Subject.Contacts.Technical);
        Assert.Null(view.Subject.Person);

        // The JSON names are the activation request's, so the dashboard can send the organization back as it is.
        var json = JsonSerializer.SerializeToElement(view, JsonSerializerOptions.Web);
        Assert.Equal("alice", json.GetProperty("customer").GetString());
        Assert.Equal("Example S.p.A.", json.GetProperty("subject").GetProperty("organization").GetProperty("legalName").GetString());
        Assert.Equal("admin@example.com", json.GetProperty("subject").GetProperty("contacts").GetProperty("admin").GetProperty("email").GetString());
    }

    [Fact]
    public async Task An_order_without_details_has_no_subject_but_still_its_customer()
    {
        Recorded("ord-dv", "dv-single", "www.example.com", null);
        Recorded("ord-empty", "dv-single", "www.example.com", SubjectDetails.None);

        var dv = (await Service.GetAsync("ord-dv", default))!;
        Assert.Equal("alice", dv.Customer);
        Assert.Null(dv.Subject);
        Assert.Null((await Service.GetAsync("ord-empty", default))!.Subject);
    }

    [Fact]
    public async Task An_smime_order_shows_its_person()
    {
        Recorded("ord-smime", "smime-pro", "ada@example.com", new SubjectDetails(null, null, new PersonName("Ada", "Lovelace")));
        var view = (await Service.GetAsync("ord-smime", default))!;

        Assert.Equal("ada@example.com", view.Mailbox);
        Assert.Equal(new PersonRequest("Ada", "Lovelace"), view.Subject!.Person);
        Assert.Null(view.Subject.Organization);
    }

    [Fact]
    public async Task An_order_whose_first_step_has_not_run_shows_customer_and_subject_from_its_input()
    {
        var input = new OrderInput("ord-new", "ev-single", ["www.example.com"], DcvMethod.Email, null, "sandbox", Customer: "alice", Subject: Details);
        _orders.Setup(o => o.GetAsync("ord-new", It.IsAny<CancellationToken>())).ReturnsAsync((OrderRecord?)null);
        _workflow.Setup(w => w.GetInstanceAsync("ord-new", It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(
            new OrchestrationMetadata(nameof(OrderOrchestration), "ord-new")
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Running,
                CreatedAt = Time.GetUtcNow(),
                LastUpdatedAt = Time.GetUtcNow(),
                SerializedInput = JsonSerializer.Serialize(input, SslFlow.Workflow.WorkflowJson.Options),
                DataConverter = new Microsoft.DurableTask.Converters.JsonDataConverter(SslFlow.Workflow.WorkflowJson.Options),
            });

        var view = (await Service.GetAsync("ord-new", default))!;
        Assert.Equal("alice", view.Customer);
        Assert.Equal("Example S.p.A.", view.Subject!.Organization!.LegalName);
        Assert.Equal("Ada Admin", view.Subject.Contacts!.Admin!.Name);
    }
}
