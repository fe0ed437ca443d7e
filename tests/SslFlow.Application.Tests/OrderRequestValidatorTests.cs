using SslFlow.Activities.Ports;
using SslFlow.Application.Orders;

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
    public void Test_names_only_when_allowed()
    {
        Assert.NotEmpty(OrderRequestValidator.Validate(new CreateOrderRequest(["a.sslflow.test"], null, null, null), out _, false));
        Assert.Empty(OrderRequestValidator.Validate(new CreateOrderRequest(["a.sslflow.test"], null, null, null), out _, true));
    }
}
