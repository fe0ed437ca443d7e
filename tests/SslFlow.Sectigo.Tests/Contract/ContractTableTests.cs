namespace SslFlow.Sectigo.Tests.Contract;

public sealed class ContractTableTests
{
    private static readonly ContractTable Table = ContractTable.Load();

    private static List<KeyValuePair<string, string>> Form(params (string Key, string Value)[] pairs) =>
        pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)).ToList();

    [Fact]
    public void Every_call_names_its_documentation_page_and_authenticates_with_the_documented_limits()
    {
        Assert.NotEmpty(Table.Calls);
        foreach (var call in Table.Calls)
        {
            Assert.StartsWith("https://docs.sectigo.com/sps/", call.Source, StringComparison.Ordinal);
            Assert.StartsWith("https://secure.trust-provider.com/products/", call.Url, StringComparison.Ordinal);
            Assert.Equal(64, call.Parameters.Single(p => p.Name == "loginName").MaxLength);
            Assert.Equal(128, call.Parameters.Single(p => p.Name == "loginPassword").MaxLength);
            Assert.All(call.Parameters, p => Assert.Contains(p.Requirement, new[] { "required", "optional", "conditional" }));
            Assert.All(call.Parameters, p => Assert.Contains(p.Type, new[] { "string", "integer", "char" }));
        }
    }

    [Fact]
    public void The_documented_already_refunded_and_already_cancelled_codes_are_in_the_table()
    {
        Assert.Equal("Order already refunded", Table.CommonResponseCodes.Codes["-18"]);
        Assert.Equal("Order already cancelled", Table.CommonResponseCodes.Codes["-20"]);
        Assert.Equal("Successful request, payment required", Table.CommonResponseCodes.Codes["1"]);
    }

    [Fact]
    public void A_documented_request_keeps_the_contract()
    {
        var violations = Table.Call("!AutoRefund").Violations(Form(
            ("loginName", "reseller"), ("loginPassword", "secret"), ("orderNumber", "1234567"), ("refundReasonCode", "3")));

        Assert.Empty(violations);
    }

    [Fact]
    public void An_undocumented_parameter_breaks_the_contract()
    {
        var violations = Table.Call("!AutoAuthorize").Violations(Form(
            ("loginName", "reseller"), ("loginPassword", "secret"), ("orderNumber", "1"), ("reference", "x")));

        Assert.Contains(violations, v => v.Contains("'reference' is not a documented parameter", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_required_parameter_breaks_the_contract()
    {
        var violations = Table.Call("CollectSSL").Violations(Form(("loginName", "reseller"), ("loginPassword", "secret")));

        Assert.Contains(violations, v => v.Contains("required 'queryType' is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void An_over_long_value_breaks_the_contract_without_showing_the_password()
    {
        var password = new string('p', 129);
        var violations = Table.Call("!AutoAuthorize").Violations(Form(
            ("loginName", "reseller"), ("loginPassword", password), ("orderNumber", "1")));

        var violation = Assert.Single(violations);
        Assert.Contains("maximum is 128", violation, StringComparison.Ordinal);
        Assert.DoesNotContain(password, violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_or_undocumented_value_breaks_the_contract()
    {
        var violations = Table.Call("!GetDetailedOrderStatus").Violations(Form(
            ("loginName", "reseller"), ("loginPassword", "secret"), ("orderNumber", "12a"), ("queryType", "7")));

        Assert.Contains(violations, v => v.Contains("'orderNumber' = '12a' is not of type integer", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("'queryType' = '7' is not one of the documented values", StringComparison.Ordinal));
    }

    [Fact]
    public void A_conditional_pair_needs_one_of_its_members()
    {
        var violations = Table.Call("!GetDetailedOrderStatus").Violations(Form(
            ("loginName", "reseller"), ("loginPassword", "secret"), ("queryType", "1")));

        Assert.Contains(violations, v => v.Contains("one of orderNumber, certificateID is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("!AutoApplyOrder")]
    [InlineData("!AutoAuthorize")]
    [InlineData("!GetDetailedOrderStatus")]
    [InlineData("CollectSSL")]
    [InlineData("!AutoReplaceSSL")]
    [InlineData("!AutoRefund")]
    [InlineData("!AutoRevokeSSL")]
    [InlineData("!AutoUpdateDCV")]
    [InlineData("!GetDCVEmailAddressList")]
    [InlineData("!ResendDCVEmail")]
    [InlineData("!GetMDCDomainDetails")]
    public void Every_reseller_call_the_adapter_needs_has_a_contract_row(string call) =>
        Assert.Equal(call, Table.Call(call).Name);

    [Fact]
    public void A_revocation_names_its_order_one_documented_way()
    {
        var violations = Table.Call("!AutoRevokeSSL").Violations(Form(
            ("loginName", "reseller"), ("loginPassword", "secret"), ("revocationReason", "key compromise")));

        Assert.Contains(violations, v => v.Contains("one of orderNumber, certificateID, serialNumber is required", StringComparison.Ordinal));
    }
}
