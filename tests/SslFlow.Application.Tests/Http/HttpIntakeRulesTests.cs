using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using SslFlow.Application.Http;

namespace SslFlow.Application.Tests.Http;

/// <summary>The request rules every route shares: the one body limit, JSON only, Idempotency-Key syntax, paging tokens.</summary>
public sealed class HttpIntakeRulesTests
{
    private static HttpRequest Request(byte[] body, string? contentType = "application/json", long? contentLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentType = contentType;
        context.Request.ContentLength = contentLength;
        return context.Request;
    }

    private static int Status(IResult? result) => Assert.IsType<ProblemHttpResult>(result).StatusCode;

    [Fact]
    public async Task A_body_over_the_limit_is_413_even_without_content_length()
    {
        var (_, problem) = await RequestBodies.ReadAsync(Request(new byte[RequestBodies.MaxBytes + 1]), default);
        Assert.Equal(413, Status(problem));
        Assert.Equal("application/problem+json", Assert.IsType<ProblemHttpResult>(problem).ContentType);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_413_before_reading()
    {
        var (_, problem) = await RequestBodies.ReadAsync(Request([], contentLength: RequestBodies.MaxBytes + 1L), default);
        Assert.Equal(413, Status(problem));
    }

    [Fact]
    public async Task A_body_at_the_limit_is_read()
    {
        var (body, problem) = await RequestBodies.ReadAsync(Request(new byte[RequestBodies.MaxBytes]), default);
        Assert.Null(problem);
        Assert.Equal(RequestBodies.MaxBytes, body.Length);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("image/png")]
    [InlineData(null)]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/json; foo=bar")]
    [InlineData("application/jsonx")]
    public async Task A_body_that_is_not_json_is_415(string? contentType)
    {
        var (_, problem) = await RequestBodies.ReadAsync(Request(Encoding.UTF8.GetBytes("{}"), contentType), default);
        Assert.Equal(415, Status(problem));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=\"UTF-8\"")]
    public async Task Json_with_or_without_a_utf8_charset_is_read(string contentType)
    {
        var (body, problem) = await RequestBodies.ReadAsync(Request(Encoding.UTF8.GetBytes("{}"), contentType), default);
        Assert.Null(problem);
        Assert.Equal(2, body.Length);
    }

    [Theory]
    [InlineData("{\"domains\":[\"shop.example.com\"],\"extraSans\":\"2\"}", "extraSans")]
    [InlineData("{\"domains\":[\"shop.example.com\"],\"extraSans\":\"0x2\"}", "extraSans")]
    [InlineData("{\"domains\":[\"shop.example.com\"],\"extraSans\":2.5}", "extraSans")]
    [InlineData("{\"domains\":\"shop.example.com\"}", "domains")]
    [InlineData("{\"product\":7}", "product")]
    public async Task A_value_of_the_wrong_type_is_refused_not_coerced(string json, string field)
    {
        // Issue 26 item 17: the web defaults read "2" as the integer 2.
        var (value, problem) = await RequestBodies.ReadJsonAsync<SslFlow.Application.Orders.CreateOrderRequest>(Request(Encoding.UTF8.GetBytes(json)), default);
        Assert.Null(value);
        var refusal = Assert.IsType<ProblemHttpResult>(problem);
        Assert.Equal(400, refusal.StatusCode);
        Assert.Contains(field, string.Join(" ", ((HttpValidationProblemDetails)refusal.ProblemDetails).Errors.SelectMany(e => e.Value)));
    }

    [Fact]
    public void An_enum_is_read_from_its_name_only_never_from_a_number()
    {
        Assert.Equal(DayOfWeek.Monday, System.Text.Json.JsonSerializer.Deserialize<DayOfWeek>("\"Monday\"", RequestBodies.Strict));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<DayOfWeek>("1", RequestBodies.Strict));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<int>("\"1\"", RequestBodies.Strict));
    }

    [Fact]
    public async Task An_empty_body_needs_no_content_type()
    {
        var (value, problem) = await RequestBodies.ReadJsonAsync<object>(Request([], null), default);
        Assert.Null(problem);
        Assert.Null(value);
    }

    [Fact]
    public async Task Broken_json_is_a_400_naming_the_body()
    {
        var (_, problem) = await RequestBodies.ReadJsonAsync<Dictionary<string, string>>(Request(Encoding.UTF8.GetBytes("{\"a\":")), default);
        var validation = Assert.IsType<ProblemHttpResult>(problem);
        Assert.Equal(400, validation.StatusCode);
        Assert.Contains("body", Assert.IsType<HttpValidationProblemDetails>(validation.ProblemDetails).Errors.Keys);
    }

    [Theory]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"a key with spaces\"", "a key with spaces")]
    [InlineData("\"quote \\\" and \\\\\"", "quote \" and \\")]
    public void Idempotency_keys_are_structured_strings_or_tokens(string header, string expected)
    {
        var (key, error) = IdempotencyKeys.Parse(header);
        Assert.Null(error);
        Assert.Equal(expected, key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("\"unterminated")]
    [InlineData("\"bad \\n escape\"")]
    [InlineData("two words")]
    [InlineData("a,b")]
    [InlineData("ключ")]
    [InlineData("\"tab\tinside\"")]
    public void Malformed_idempotency_keys_are_refused(string header) => Assert.NotNull(IdempotencyKeys.Parse(header).Error);

    [Fact]
    public void Over_long_and_repeated_idempotency_keys_are_refused()
    {
        Assert.Contains("at most 200", IdempotencyKeys.Parse(new string('k', 201)).Error);
        Assert.Null(IdempotencyKeys.Parse(new string('k', 200)).Error);
        Assert.Contains("one Idempotency-Key", IdempotencyKeys.Parse(new StringValues(["a", "b"])).Error);
        Assert.Equal((null, null), IdempotencyKeys.Parse(StringValues.Empty));
    }

    [Theory]
    [InlineData("1!ord-1 order")]
    [InlineData("partition with spaces and ünïcode")]
    public void Page_tokens_round_trip(string storeToken)
    {
        var token = PageTokens.Encode(storeToken)!;
        Assert.True(PageTokens.TryDecode(token, out var decoded));
        Assert.Equal(storeToken, decoded);
    }

    [Theory]
    [InlineData("junk")]
    [InlineData("p1.")]
    [InlineData("p1.abc")]
    [InlineData("p1.!!!.0123456789abcdef")]
    [InlineData("p1.b3JkLTE.0000000000000000")] // right shape, wrong check
    [InlineData("1!ord-1 order")] // a raw store token was never handed out
    public void Junk_page_tokens_are_refused(string token) => Assert.False(PageTokens.TryDecode(token, out _));

    [Fact]
    public void An_edited_page_token_is_refused()
    {
        var token = PageTokens.Encode("1!ord-1 order")!;
        Assert.False(PageTokens.TryDecode(token[..^1] + (token[^1] == '0' ? '1' : '0'), out _));
        Assert.Null(PageTokens.Encode(null));
    }
}
