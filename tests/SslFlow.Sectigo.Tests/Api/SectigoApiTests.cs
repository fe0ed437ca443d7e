using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Adapters.Sectigo;
using SslFlow.Sectigo.Tests.Contract;

namespace SslFlow.Sectigo.Tests.Api;

public sealed class SectigoApiTests : IAsyncLifetime
{
    private const string Password = "pa55-word-never-logged";
    private ContractListener _sectigo = null!;
    private HttpClient _http = null!;
    private SectigoApi _api = null!;

    public async Task InitializeAsync()
    {
        _sectigo = await ContractListener.StartAsync();
        _http = new HttpClient();
        _api = new SectigoApi(_http, new SectigoOptions { BaseUrl = _sectigo.BaseUrl, LoginName = "reseller", LoginPassword = Password },
            NullLogger<SectigoApi>.Instance);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sectigo.DisposeAsync();
    }

    private static KeyValuePair<string, string>[] Refund(string orderNumber) =>
        [new("orderNumber", orderNumber), new("refundReasonCode", "3")];

    [Fact]
    public async Task A_call_is_a_form_encoded_post_with_the_credentials_that_keeps_the_contract()
    {
        var answer = await _api.PostAsync("!AutoRefund", Refund("1234567"), CancellationToken.None);

        Assert.Equal(0, answer.ErrorCode);
        Assert.Empty(_sectigo.Violations);
        var (call, form) = Assert.Single(_sectigo.Requests);
        Assert.Equal("!AutoRefund", call);
        Assert.Equal("reseller", form["loginName"]);
        Assert.Equal(Password, form["loginPassword"]);
    }

    [Fact]
    public async Task An_undocumented_parameter_is_caught_by_the_listener()
    {
        await _api.PostAsync("!AutoRefund", [.. Refund("1"), new("reference", "x")], CancellationToken.None);

        Assert.Contains(_sectigo.Violations, v => v.Contains("'reference' is not a documented parameter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_documented_already_refunded_code_is_a_SectigoApiException_naming_it()
    {
        _sectigo.Answer("!AutoRefund", "errorCode=-18&errorMessage=This+order+has+already+been+refunded");

        var error = await Assert.ThrowsAsync<SectigoApiException>(() => _api.PostAsync("!AutoRefund", Refund("1"), CancellationToken.None));

        Assert.Equal(-18, error.ErrorCode);
        Assert.Contains("already refunded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("errorCode=-999")]
    [InlineData("<html>maintenance</html>")]
    [InlineData("orderNumber=5")]
    public async Task An_answer_the_adapter_does_not_know_is_kept_raw_for_an_operator(string body)
    {
        _sectigo.Answer("!AutoRefund", body);

        var error = await Assert.ThrowsAsync<SectigoUnknownAnswerException>(() => _api.PostAsync("!AutoRefund", Refund("1"), CancellationToken.None));

        Assert.Equal(body, error.RawAnswer);
        Assert.Equal("!AutoRefund", error.Call);
    }

    [Fact]
    public async Task Answer_fields_are_decoded()
    {
        _sectigo.Answer("!AutoApplyOrder", "errorCode=1&orderNumber=3040824&totalCost=210.00&expectedDeliveryTime=1&uniqueValue=TnerFu0d");

        var answer = await _api.PostAsync("!AutoApplyOrder", [new("product", "287"), new("responseFormat", "1")], CancellationToken.None);

        Assert.Equal(1, answer.ErrorCode);
        Assert.Equal("3040824", answer.Get("orderNumber"));
        Assert.Equal("TnerFu0d", answer.Get("uniqueValue"));
        Assert.Empty(_sectigo.Violations);
    }
}
