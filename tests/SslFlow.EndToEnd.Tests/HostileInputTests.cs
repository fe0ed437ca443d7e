using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SslFlow.Application.Http;
using SslFlow.Domain.Rules;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// Careless and hostile input against the real local host (Azurite, Pebble, the sandbox CA, maildev): each class of
/// refusal gets the right 4xx as a problem document and changes nothing; the wildcard default reaches the CA as dns-01.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class HostileInputTests(LocalPartsFixture parts)
{
    private static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    /// <summary>Asserts the status and that the body is an RFC 9457 problem document with that status; returns it.</summary>
    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {body}");
        Assert.Equal(ProblemPipeline.ContentType, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    internal static async Task<HashSet<string>> OrderIdsAsync(HttpClient http)
    {
        var ids = new HashSet<string>();
        string? token = null;
        do
        {
            var page = JsonDocument.Parse(await http.GetStringAsync("api/orders?pageSize=1000" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)))).RootElement;
            foreach (var order in page.GetProperty("orders").EnumerateArray()) ids.Add(order.GetProperty("orderId").GetString()!);
            token = page.TryGetProperty("continuationToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        } while (token is not null);
        return ids;
    }

    [Fact]
    public async Task Spoofed_invisible_and_disallowed_names_are_refused_naming_the_label_and_character()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var before = await OrderIdsAsync(http);

        (string Name, string Expect)[] cases =
        [
            ("shop.pаypal.test", "U+0430 CYRILLIC SMALL LETTER A"),
            ("xn--pypal-4ve.test", "mixes scripts"),
            ("exa\u200Bmple.sslflow.test", "U+200B ZERO WIDTH SPACE"),
            ("exa\u202Emple.sslflow.test", "U+202E RIGHT-TO-LEFT OVERRIDE"),
            ("\uE000shop.sslflow.test", "U+E000"),
            ("shop\u0378.sslflow.test", "unassigned"),
            ("i\u2665nyc.sslflow.test", "U+2665 BLACK HEART SUIT"),
            ("مثالa.sslflow.test", "bidi rule"),
            ("xn--abc.sslflow.test", "not a valid A-label"),
        ];
        foreach (var (name, expect) in cases)
        {
            var response = await http.PostAsJsonAsync("api/orders", new { domains = new[] { name }, product = "dv-single", dcvMethod = "dns-01" });
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
            var reason = problem.GetProperty("errors").GetProperty("domains[0]")[0].GetString();
            Assert.Contains(expect, reason);
        }
        Assert.Equal(before, await OrderIdsAsync(http));
    }

    [Fact]
    public async Task A_wildcard_order_without_a_dcv_method_is_validated_by_dns01_and_becomes_active()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var baseName = $"wd-{Guid.NewGuid():N}"[..15] + ".sslflow.test";

        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { "*." + baseName, baseName }, product = "dv-wildcard" });
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        Assert.Equal(nameof(DcvMethod.Dns01), view.GetProperty("dcvMethod").GetString());
    }

    [Fact]
    public async Task Bodies_over_the_limit_chunked_or_not_and_non_json_bodies_are_refused_on_every_route()
    {
        // The operator routes are an operator's only (a customer key is a 403 before the body is read), so the body
        // limits on them are tried with an operator key.
        var operatorKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await using var host = await SandboxHost.StartAsync(parts, overrides: new Dictionary<string, string?>
        {
            ["SslFlow:Accounts:ops:Role"] = "Operator",
            ["SslFlow:Accounts:ops:ApiKeys:0"] = operatorKey,
        });
        var http = host.Http;
        using var anonymous = new HttpClient { BaseAddress = host.BaseUri };
        using var operatorHttp = new HttpClient { BaseAddress = host.BaseUri };
        operatorHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        // The caller's own order: another customer's (or a missing) order is a 404 before its body is read.
        var own = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { $"own-{Guid.NewGuid():N}"[..16] + ".sslflow.test" }, product = "ov-single", dcvMethod = "dns-01" });
        await LocalPartsFixture.WaitForStatusAsync(http, own, TimeSpan.FromMinutes(1), "ACTIVATION IN PROGRESS"); // recorded and listed: waiting at the sandbox CA
        var before = await OrderIdsAsync(http);
        var big = "{\"domains\":[\"" + new string('a', RequestBodies.MaxBytes) + "\"]}";

        foreach (var (client, path) in new[] { (http, "api/orders"), (http, $"api/orders/{own}/cancel"), (http, $"api/orders/{own}/reissue"),
            (http, $"api/orders/{own}/dcv-method"), (anonymous, "api/webhooks/sandbox"), (operatorHttp, $"api/operator/orders/{own}/sandbox-reject") })
        {
            // Chunked: no Content-Length, so only reading can find it too large.
            using var chunked = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(big) };
            chunked.Headers.TransferEncodingChunked = true;
            await AssertProblemAsync(await client.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge);
            await AssertProblemAsync(await client.PostAsync(path, Json(big)), HttpStatusCode.RequestEntityTooLarge);
            await AssertProblemAsync(await client.PostAsync(path, Json("{}", "text/plain")), HttpStatusCode.UnsupportedMediaType);
        }

        var order = """{"domains":["ct.sslflow.test"],"product":"dv-single","dcvMethod":"dns-01"}""";
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", "image/png", "application/json; charset=iso-8859-1" })
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(order));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            await AssertProblemAsync(await http.PostAsync("api/orders", content), HttpStatusCode.UnsupportedMediaType);
        }
        using (var untyped = new ByteArrayContent(Encoding.UTF8.GetBytes(order)))
            await AssertProblemAsync(await http.PostAsync("api/orders", untyped), HttpStatusCode.UnsupportedMediaType);

        // Routes and methods the API does not have.
        await AssertProblemAsync(await http.GetAsync("api/no-such-route"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await http.DeleteAsync("api/orders"), HttpStatusCode.MethodNotAllowed);
        await AssertProblemAsync(await http.PutAsync("api/orders/ord-x", Json("{}")), HttpStatusCode.MethodNotAllowed);
        // A GET with a declared body over the limit: the one limit holds on routes that take no body too.
        using (var getWithBody = new HttpRequestMessage(HttpMethod.Get, "healthz") { Content = Json(big) })
            await AssertProblemAsync(await http.SendAsync(getWithBody), HttpStatusCode.RequestEntityTooLarge);

        // Kestrel answers header overflow itself, before any middleware: its status, no problem document (documented).
        using (var hugeHeader = new HttpRequestMessage(HttpMethod.Get, "api/orders"))
        {
            hugeHeader.Headers.TryAddWithoutValidation("X-Filler", new string('x', 64 * 1024));
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await http.SendAsync(hugeHeader)).StatusCode);
        }

        var okChunked = new HttpRequestMessage(HttpMethod.Post, "api/orders") { Content = Json("""{"domains":["ok-chunked.sslflow.test"],"product":"nope"}""") };
        okChunked.Headers.TransferEncodingChunked = true;
        await AssertProblemAsync(await http.SendAsync(okChunked), HttpStatusCode.BadRequest); // read in full, then refused by validation
        Assert.Equal(before, await OrderIdsAsync(http));
    }

    [Fact]
    public async Task Broken_chunked_framing_is_a_400_problem_document_and_what_kestrel_refuses_itself_is_its_bare_status()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var auth = http.DefaultRequestHeaders.Authorization!.ToString();

        // Found while the handler reads the body: the pipeline turns Kestrel's BadHttpRequestException into a problem document.
        var broken = await RawAsync(http.BaseAddress!, $"POST /api/orders HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", broken);
        Assert.Contains("Content-Type: application/problem+json", broken, StringComparison.OrdinalIgnoreCase);

        // A malformed request line never reaches the application: Kestrel's 400 with an empty body (documented in ProblemPipeline).
        var malformed = await RawAsync(http.BaseAddress!, "GET /api/orders HTTP/9.9 extra\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 4", malformed);
    }

    private static async Task<string> RawAsync(Uri baseAddress, string request)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    [Fact]
    public async Task Idempotency_keys_reused_with_another_body_malformed_or_too_long_are_refused_and_concurrent_duplicates_make_one_order()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        var tag = Guid.NewGuid().ToString("N")[..10];
        var key = $"\"idem-{tag}\"";
        string Body(string name) => $$"""{"domains":["{{name}}-{{tag}}.sslflow.test"],"product":"dv-single","dcvMethod":"dns-01"}""";

        async Task<HttpResponseMessage> PostAsync(string body, string? idempotencyKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/orders") { Content = Json(body) };
            if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation(IdempotencyKeys.Header, idempotencyKey);
            return await http.SendAsync(request);
        }

        // Sent at once, the same key and body: one order, every answer names it.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(Body("first"), key)));
        var accepted = await Task.WhenAll(answers.Select(async a =>
        {
            Assert.Equal(HttpStatusCode.Accepted, a.StatusCode);
            return JsonDocument.Parse(await a.Content.ReadAsStringAsync()).RootElement;
        }));
        var orderId = Assert.Single(accepted.Select(a => a.GetProperty("orderId").GetString()).Distinct());
        Assert.Equal(1, accepted.Count(a => a.GetProperty("created").GetBoolean()));

        var before = await OrderIdsAsync(http);
        var reused = await AssertProblemAsync(await PostAsync(Body("second"), key), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("different order", reused.GetProperty("detail").GetString());
        // A retry that differs only in spelling is the same order.
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(Body("first").Replace("\"first-", "\"FIRST-"), key)).StatusCode);

        foreach (var bad in new[] { new string('k', IdempotencyKeys.MaxLength + 1), "\"unterminated", "two words", "\"\"" })
            await AssertProblemAsync(await PostAsync(Body("third"), bad), HttpStatusCode.BadRequest);

        var view = JsonDocument.Parse(await http.GetStringAsync($"api/orders/{orderId}")).RootElement;
        Assert.Equal($"first-{tag}.sslflow.test", view.GetProperty("domains")[0].GetString());
        // Only the first order has this test's names (the store is shared with the collection's other tests).
        var extra = (await OrderIdsAsync(http)).Except(before.Append(orderId!)).ToList();
        var views = await Task.WhenAll(extra.Select(id => http.GetStringAsync($"api/orders/{id}")));
        Assert.DoesNotContain(views, v => v.Contains(tag));
    }

    [Fact]
    public async Task Warnings_from_intake_are_in_the_answer_the_order_and_the_email()
    {
        await using var host = await SandboxHost.StartAsync(parts);
        var domain = $"wn-{Guid.NewGuid():N}"[..15] + ".sslflow.test";
        var contact = $"{domain}@customers.test";
        var response = await host.Http.PostAsJsonAsync("api/orders",
            new { domains = new[] { domain }, product = "ov-single", dcvMethod = "email", approverEmail = "admin@sslflow.test", contactEmail = contact });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var accepted = JsonDocument.Parse(body).RootElement;
        var warning = Assert.Single(accepted.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.Equal(Domain.Rules.ApproverEmailOptions.DiscouragedWarning, warning);

        var orderId = accepted.GetProperty("orderId").GetString()!;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100)) // observing the status API as a customer would
        {
            var view = JsonDocument.Parse(await host.Http.GetStringAsync($"api/orders/{orderId}")).RootElement;
            if (view.TryGetProperty("warnings", out var w) && w.GetArrayLength() == 1)
            {
                Assert.Equal(warning, w[0].GetString());
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no warning on the order: {view}");
        }
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200)) // observing maildev through its API
        {
            var received = (await parts.Mail.GetMessagesAsync()).FirstOrDefault(m =>
                m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == contact)
                && m.GetProperty("subject").GetString()!.Contains("received"));
            if (received.ValueKind == JsonValueKind.Object)
            {
                Assert.Contains("Warning: " + warning, received.GetProperty("text").GetString());
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "no order-received email");
        }
    }

    [Fact]
    public async Task A_paging_token_the_api_did_not_issue_is_refused_and_one_it_issued_pages_on()
    {
        var (app, http, _) = await parts.StartHostAsync();
        await using var _app = app;
        foreach (var junk in new[] { "junk", "1!ord-1 order", "p1.!!!.00", new string('p', 5000) })
        {
            var problem = await AssertProblemAsync(await http.GetAsync("api/orders?continuationToken=" + Uri.EscapeDataString(junk)), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("continuationToken", out _));
        }
        // Other tests of this collection have left orders in the shared store; two are enough to get a second page.
        for (var i = 0; i < 2; i++)
            await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { $"pg{i}-{Guid.NewGuid():N}"[..16] + ".sslflow.test" }, product = "dv-single", dcvMethod = "dns-01" });
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            var first = JsonDocument.Parse(await http.GetStringAsync("api/orders?pageSize=1")).RootElement;
            if (first.TryGetProperty("continuationToken", out var token) && token.ValueKind == JsonValueKind.String)
            {
                var next = await http.GetAsync("api/orders?pageSize=1&continuationToken=" + Uri.EscapeDataString(token.GetString()!));
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "no second page");
        }
    }
}
