using SslFlow.Application.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Rules;

namespace SslFlow.Application.Tests;

public sealed class OrderRequestValidatorTests
{
    [Fact]
    public void A_good_order_is_normalised()
    {
        var errors = OrderRequestValidator.Validate(new CreateOrderRequest(["WWW.Example.COM."], "dv-single", "http-01", "a@b.example"), out var order, false);
        Assert.Empty(errors);
        Assert.Equal(["www.example.com"], order!.DnsNames);
        Assert.Equal(DcvMethod.Http01, order.DcvMethod);
    }

    [Theory]
    [InlineData("*.example.com", "dv-wildcard", "http-01", "dcvMethod")]
    [InlineData("*.example.com", "dv-single", "dns-01", "domains[0]")]
    [InlineData("192.168.1.1", "dv-single", "http-01", "domains[0]")]
    [InlineData("intranet", "dv-single", "http-01", "domains[0]")]
    [InlineData("printer.local", "dv-single", "http-01", "domains[0]")]
    [InlineData("-bad-.example.com", "dv-single", "http-01", "domains[0]")]
    [InlineData("www.example.com", "gold-plated", "http-01", "product")]
    [InlineData("www.example.com", "dv-single", "carrier-pigeon", "dcvMethod")]
    public void Bad_input_names_the_field(string domain, string product, string method, string field)
    {
        var errors = OrderRequestValidator.Validate(new CreateOrderRequest([domain], product, method, null), out var order, false);
        Assert.Null(order);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void An_smime_order_carries_its_mailbox_as_its_one_name_and_goes_to_the_order_api_ca_never_acme()
    {
        var errors = OrderRequestValidator.Validate(new CreateOrderRequest(null, "smime-pro", null, null, Mailbox: "Maria@Example.com"), out var order, false);

        Assert.Empty(errors);
        Assert.Equal(["Maria@example.com"], order!.DnsNames);
        Assert.Equal((DcvMethod.Email, Domain.Products.ValidationLevel.Individual), (order.DcvMethod, order.Level));
        var acme = new Moq.Mock<ICertificateAuthority>();
        acme.SetupGet(c => c.Name).Returns("acme");
        var sandbox = new Moq.Mock<ICertificateAuthority>();
        sandbox.SetupGet(c => c.Name).Returns("sandbox");
        Assert.Equal("sandbox", Service(acme.Object, sandbox.Object).ChooseCa(order));
        Assert.Null(Service(acme.Object).ChooseCa(order)); // only ACME here: the S/MIME order is refused, never sent to ACME
    }

    [Fact]
    public void An_smime_order_takes_no_install_targets()
    {
        OrderRequestValidator.Validate(new CreateOrderRequest(null, "smime-basic", null, null, Mailbox: "jo@example.com"), out var order, false);
        var target = System.Text.Json.JsonDocument.Parse("{\"kind\":\"nginx\"}").RootElement;

        var errors = Service().ValidateInstallTargets([target], "reseller-1", order!, out var withTargets);

        Assert.Equal("installTargets", Assert.Single(errors).Field);
        Assert.Null(withTargets.InstallTargets);
        Assert.Empty(Service().ValidateInstallTargets(null, "reseller-1", order!, out _));
    }

    private static OrderPlacement Service(params ICertificateAuthority[] authorities) =>
        new(new Moq.Mock<Microsoft.DurableTask.Client.DurableTaskClient>("test").Object, Moq.Mock.Of<IOrderStore>(), new CertificateAuthorities(authorities), new OrderServiceOptions());

    [Fact]
    public void Test_names_only_when_allowed()
    {
        Assert.NotEmpty(OrderRequestValidator.Validate(new CreateOrderRequest(["a.sslflow.test"], null, null, null), out _, false));
        Assert.Empty(OrderRequestValidator.Validate(new CreateOrderRequest(["a.sslflow.test"], null, null, null), out _, true));
    }
}
