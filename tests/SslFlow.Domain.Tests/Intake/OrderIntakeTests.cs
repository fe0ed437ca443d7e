using System.Security.Cryptography;
using SslFlow.Domain.Csr;
using SslFlow.Domain.Intake;
using SslFlow.Domain.Rules;
using SslFlow.Domain.Tests.Csr;
using SslFlow.Domain.Keys;

namespace SslFlow.Domain.Tests.Intake;

public class OrderIntakeTests
{
    private static readonly DateOnly Today = new(2026, 1, 10);

    private static OrderIntakeResult Validate(OrderRequest request, DateOnly? on = null, OrderIntakeOptions? options = null) =>
        OrderIntake.Validate(request, on ?? Today, options);

    private static void AssertError(OrderIntakeResult result, string field, string reasonPart)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Spec);
        Assert.Contains(result.Errors, e => e.Field == field && e.Reason.Contains(reasonPart, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_dv_single_order_is_normalised()
    {
        var result = Validate(new OrderRequest("dv-single", ["WWW.Example.com.", "www.example.com"], ContactEmail: "ops@example.com"));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var spec = result.Spec!;
        Assert.Equal(["www.example.com"], spec.DnsNames);
        Assert.Equal(DcvMethod.Http01, spec.DcvMethod);
        Assert.Equal(KeyAlgorithm.EcP256, spec.Key);
        Assert.Equal(398, spec.MaxValidityDays);
        Assert.Equal("example.com", spec.Names[0].RegistrableDomain);
    }

    [Fact]
    public void Max_validity_follows_the_order_date()
    {
        var request = new OrderRequest("dv-single", ["example.com"]);
        Assert.Equal(398, Validate(request, new DateOnly(2026, 3, 14)).Spec!.MaxValidityDays);
        Assert.Equal(200, Validate(request, new DateOnly(2026, 3, 15)).Spec!.MaxValidityDays);
    }

    [Fact]
    public void Every_bad_field_is_reported_with_its_index()
    {
        var result = Validate(new OrderRequest("dv-multi", ["ok.example.com", "co.uk", "10.0.0.1", "printer.local"], DcvMethod: "carrier-pigeon",
            ContactEmail: "nope", KeyAlgorithm: "dsa"));
        AssertError(result, "domains[1]", "public suffix");
        AssertError(result, "domains[2]", "IP addresses");
        AssertError(result, "domains[3]", ".local");
        AssertError(result, "dcvMethod", "Unknown method");
        AssertError(result, "contactEmail", "not an email");
        AssertError(result, "keyAlgorithm", "Unknown key");
        Assert.DoesNotContain(result.Errors, e => e.Field == "domains[0]");
    }

    [Fact]
    public void Unknown_or_missing_product()
    {
        AssertError(Validate(new OrderRequest("gold-plated", ["example.com"])), "productCode", "Unknown product");
        AssertError(Validate(new OrderRequest(null, ["example.com"])), "productCode", "required");
        AssertError(OrderIntake.Validate(null, Today), "body", "required");
        AssertError(Validate(new OrderRequest("dv-single", [])), "domains", "At least one");
    }

    [Fact]
    public void Wildcards_only_on_wildcard_products_and_never_with_http()
    {
        AssertError(Validate(new OrderRequest("dv-single", ["*.example.com"])), "domains[0]", "does not cover wildcards");
        AssertError(Validate(new OrderRequest("ev-multi", ["a.example.com", "*.example.com"])), "domains[1]", "does not cover wildcards");
        AssertError(Validate(new OrderRequest("dv-wildcard", ["*.example.com"], DcvMethod: "http-01")), "dcvMethod", "wildcard");

        var ok = Validate(new OrderRequest("dv-wildcard", ["*.example.com", "example.com"]));
        Assert.True(ok.IsValid, string.Join("; ", ok.Errors));
        Assert.Equal(DcvMethod.Dns01, ok.Spec!.Names[0].DcvMethod); // wildcard picks dns-01 when none was chosen
        Assert.Equal(DcvMethod.Dns01, ok.Spec.Names[1].DcvMethod); // the whole order is validated one way
        Assert.Equal(DcvMethod.Dns01, ok.Spec.DcvMethod); // the order the CA gets: http-01 cannot validate the wildcard
    }

    [Theory]
    [InlineData("dv-wildcard", new[] { "*.example.com" })]
    [InlineData("ov-wildcard", new[] { "example.com", "*.example.com" })]
    public void A_wildcard_order_without_a_method_is_dns01_end_to_end(string product, string[] names)
    {
        var ok = Validate(new OrderRequest(product, names));
        Assert.True(ok.IsValid, string.Join("; ", ok.Errors));
        Assert.Equal(DcvMethod.Dns01, ok.Spec!.DcvMethod);
        Assert.All(ok.Spec.Names, n => Assert.Equal(DcvMethod.Dns01, n.DcvMethod));
    }

    [Fact]
    public void Wildcard_products_cover_one_wildcard_and_its_base()
    {
        AssertError(Validate(new OrderRequest("dv-wildcard", ["example.com"])), "domains", "exactly one wildcard");
        AssertError(Validate(new OrderRequest("ov-wildcard", ["*.example.com", "*.example.org"], DcvMethod: "dns-01")), "domains", "exactly one wildcard");
        AssertError(Validate(new OrderRequest("dv-wildcard", ["*.example.com", "shop.example.org"], DcvMethod: "dns-01")), "domains[1]", "can add only 'example.com'");
    }

    [Fact]
    public void San_limits_and_extra_sans()
    {
        string[] four = ["a.example.com", "b.example.com", "c.example.com", "d.example.com"];
        AssertError(Validate(new OrderRequest("dv-single", ["a.example.com", "b.example.com"])), "domains", "covers one name");
        AssertError(Validate(new OrderRequest("dv-multi", four)), "domains", "Buy 1 more");
        Assert.True(Validate(new OrderRequest("dv-multi", four, ExtraSans: 1)).IsValid);
        AssertError(Validate(new OrderRequest("dv-multi", four, ExtraSans: 98)), "extraSans", "At most 97");
        AssertError(Validate(new OrderRequest("dv-multi", four, ExtraSans: -1)), "extraSans", "negative");
        AssertError(Validate(new OrderRequest("dv-single", ["a.example.com"], ExtraSans: 2)), "extraSans", "multi-domain");
        var tooMany = Enumerable.Range(0, 101).Select(i => (string?)$"n{i}.example.com").ToArray();
        AssertError(Validate(new OrderRequest("dv-multi", tooMany, ExtraSans: 97)), "domains", "at most 100");
    }

    [Fact]
    public void Test_names_only_with_the_host_flag()
    {
        AssertError(Validate(new OrderRequest("dv-single", ["www.shop.test"])), "domains[0]", ".test");
        Assert.True(Validate(new OrderRequest("dv-single", ["www.shop.test"]), options: new OrderIntakeOptions(AllowTestNames: true)).IsValid);
    }

    [Fact]
    public void Email_dcv_follows_the_approver_rules_by_date()
    {
        var request = new OrderRequest("dv-multi", ["www.example.com", "shop.example.com"], DcvMethod: "email", ApproverEmail: "admin@example.com");
        var before = Validate(request, new DateOnly(2026, 3, 14));
        Assert.True(before.IsValid);
        Assert.Empty(before.Spec!.Warnings);
        Assert.All(before.Spec.Names, n => Assert.Equal("admin@example.com", n.ApproverEmail));

        var warned = Validate(request, new DateOnly(2026, 3, 15));
        Assert.True(warned.IsValid);
        Assert.Single(warned.Spec!.Warnings);

        AssertError(Validate(request, new DateOnly(2028, 3, 15)), "dcvMethod", "prohibited");
        AssertError(Validate(request with { ApproverEmail = "owner@gmail.com" }), "approverEmail", "WHOIS");
        AssertError(Validate(request with { ApproverEmail = null }), "approverEmail", "required");
        AssertError(Validate(request with { Domains = ["www.example.com", "www.example.org"] }), "approverEmail", "example.org");
        AssertError(Validate(new OrderRequest("dv-single", ["example.com"], DcvMethod: "dns-01", ApproverEmail: "admin@example.com")), "approverEmail", "only used");
    }

    [Fact]
    public void A_customer_csr_is_refused_on_csr_whatever_it_holds()
    {
        // The vault makes the key pair: a CSR, well-formed or not, matching or not, is refused naming the field (issue 23
        // removed the inspection that ran before every CSR was refused anyway).
        using var key = RSA.Create(3072);
        var csr = CsrInspectorTests.MakeCsr(key, "CN=www.example.com", "www.example.com", "example.com");
        AssertError(Validate(new OrderRequest("dv-multi", ["www.example.com", "example.com"], Csr: csr)), "csr", "not accepted");
        AssertError(Validate(new OrderRequest("dv-single", ["www.example.com"], Csr: "garbage!")), "csr", "keyAlgorithm");
        AssertError(Validate(new OrderRequest("dv-single", ["www.example.com"], Csr: "")), "csr", "vault");
        AssertError(Validate(new OrderRequest("smime-basic", null, Csr: csr, Mailbox: "jane@example.com")), "csr", "not accepted");
    }

    [Fact]
    public void Smime_orders_take_a_mailbox()
    {
        var ok = Validate(new OrderRequest("smime-basic", null, Mailbox: "Jane@Example.com"));
        Assert.True(ok.IsValid, string.Join("; ", ok.Errors));
        Assert.Equal("Jane@example.com", ok.Spec!.Mailbox);
        Assert.Equal(DcvMethod.Email, ok.Spec.DcvMethod);
        Assert.Empty(ok.Spec.Names);
        Assert.Equal(["Jane@example.com"], ok.Spec.CertifiedNames); // the mailbox is the order's one name from here on
        Assert.Equal(OrderIntake.SmimeMaxValidityDays, ok.Spec.MaxValidityDays);

        AssertError(Validate(new OrderRequest("smime-pro", ["example.com"], Mailbox: "jane@example.com")), "domains", "mailbox");
        AssertError(Validate(new OrderRequest("smime-pro", null)), "mailbox", "required");
        AssertError(Validate(new OrderRequest("smime-basic", null, DcvMethod: "dns-01", Mailbox: "jane@example.com")), "dcvMethod", "email challenge");
        Assert.True(Validate(new OrderRequest("smime-enterprise", null, DcvMethod: "dns-01", Mailbox: "jane@example.com")).IsValid);
        AssertError(Validate(new OrderRequest("dv-single", ["example.com"], Mailbox: "jane@example.com")), "mailbox", "S/MIME");
        AssertError(Validate(new OrderRequest("smime-basic", null, Mailbox: "jane@printer.local")), "mailbox", ".local");

    }
}
