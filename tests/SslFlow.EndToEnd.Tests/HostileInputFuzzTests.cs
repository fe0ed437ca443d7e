using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// A few hundred generated hostile requests (seeded, so a failure replays) against the real local host with the sandbox
/// CA: every route, with and without keys, wrong media types, broken and oversized bodies, hostile names and field
/// values, junk headers and queries. None may get a 5xx, every refusal must be a problem document, and the order list
/// must be the same afterwards. Requests Kestrel refuses before any middleware (malformed framing) are not generated:
/// <see cref="HostileInputTests"/> covers those separately.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class HostileInputFuzzTests(LocalPartsFixture parts, ITestOutputHelper output)
{
    private const int Seed = 19;
    private const int Requests = 300;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private static readonly string[] HostileNames =
    [
        "pаypal.sslflow.test", "exa\u200Bmple.sslflow.test", "a\u202Eb.sslflow.test", "\uE000.sslflow.test", "x\u0378.sslflow.test",
        "i\u2665.sslflow.test", "xn--abc.sslflow.test", "xn--pypal-4ve.sslflow.test", "مثالa.sslflow.test", "*.*.sslflow.test",
        "192.168.0.1", "localhost", "com", "a..b.sslflow.test", "-a.sslflow.test", new string('a', 64) + ".sslflow.test",
        string.Join('.', Enumerable.Repeat("abcdefghij", 30)), "", " ", "\u0000.sslflow.test", "exa mple.sslflow.test", "<script>.sslflow.test",
        "'; drop table orders;--.sslflow.test", "%00.sslflow.test", "ab--cd.sslflow.test",
    ];

    private static readonly string[] Products = ["dv-single", "dv-multi", "dv-wildcard", "ov-single", "ev-multi", "smime-basic", "nope", "", "DV-SINGLE\u0000"];
    private static readonly string[] MediaTypes =
        ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/xml", "image/png",
         "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/problem+json", ""];

    [Fact]
    public async Task Hundreds_of_hostile_requests_get_4xx_problem_documents_never_5xx_and_change_no_order()
    {
        await using var host = await SandboxHost.StartAsync(parts);
        using var anonymous = new HttpClient { BaseAddress = host.BaseUri };
        var before = await HostileInputTests.OrderIdsAsync(host.Http);
        var random = new Random(Seed);
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var sent = 0;

        for (; sent < Requests && clock.Elapsed < Budget; sent++)
        {
            using var request = Generate(random, sent);
            var client = random.Next(5) == 0 ? anonymous : host.Http;
            if (client == host.Http && random.Next(10) == 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "junk-" + random.Next());
            var description = $"#{sent} {request.Method} {request.RequestUri} ({request.Content?.Headers.ContentType})";
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"{description}: {status} {await response.Content.ReadAsStringAsync()}");
            if (status >= 400)
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{description}: {status} with {response.Content.Headers.ContentType}");
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(status, problem.GetProperty("status").GetInt32());
            }
            else Assert.True(request.Method == HttpMethod.Get, $"{description}: {status} — a hostile request that changes something was accepted");
        }

        output.WriteLine($"{sent} requests in {clock.Elapsed.TotalSeconds:0.0} s; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(sent >= Requests, $"only {sent} requests within {Budget}");
        Assert.Equal(before, await HostileInputTests.OrderIdsAsync(host.Http));
    }

    private static HttpRequestMessage Generate(Random random, int n)
    {
        var orderId = Pick(random, ["ord-" + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())), "ord-x", "..", "ord-" + new string('9', 150), "ünï", "a b", "%2e%2e"]);
        var (method, path, takesBody) = random.Next(14) switch
        {
            0 or 1 or 2 or 3 => (HttpMethod.Post, "api/orders", true),
            4 => (HttpMethod.Post, $"api/orders/{Uri.EscapeDataString(orderId)}/{Pick(random, ["cancel", "revoke", "reissue", "dcv-method", "resend-approval", "renew"])}", true),
            5 => (HttpMethod.Get, $"api/orders/{Uri.EscapeDataString(orderId)}", false),
            6 => (HttpMethod.Get, $"api/orders/{Uri.EscapeDataString(orderId)}/certificate", false),
            7 => (HttpMethod.Get, "api/orders?" + Pick(random, ["status=nope", "pageSize=0", "pageSize=-1", "pageSize=99999999999", "pageSize=abc", "continuationToken=junk",
                "continuationToken=" + Uri.EscapeDataString("p1.AAAA.0000000000000000"), "caReference=" + new string('r', 600), "status=ACTIVE&pageSize=1001"]), false),
            8 or 9 => (HttpMethod.Post, $"api/webhooks/{Pick(random, ["sandbox", "acme", "nope", "SANDBOX"])}", true),
            10 => (HttpMethod.Post, $"api/operator/orders/{Uri.EscapeDataString(orderId)}/{Pick(random, ["sandbox-approve", "sandbox-reject", "sandbox-approve?step=" + new string('s', 200)])}", true),
            11 => (new HttpMethod(Pick(random, ["PUT", "DELETE", "PATCH", "OPTIONS"])), Pick(random, ["api/orders", $"api/orders/{Uri.EscapeDataString(orderId)}", "api/webhooks/sandbox"]), true),
            12 => (HttpMethod.Get, Pick(random, ["api/nope", "api/orders/a/b/c/d", "api//orders", "dashboard/../../etc/passwd", "api/operator/capabilities", "openapi.json/x"]), false),
            _ => (HttpMethod.Post, Pick(random, ["api/orders/", "healthz", "api/operator/capabilities"]), true),
        };
        var request = new HttpRequestMessage(method, path);
        if (takesBody || random.Next(8) == 0)
        {
            var body = Body(random);
            var content = new ByteArrayContent(body);
            var type = Pick(random, MediaTypes);
            content.Headers.ContentType = type.Length == 0 ? null : MediaTypeHeaderValue.Parse(type);
            request.Content = content;
            if (random.Next(3) == 0) request.Headers.TransferEncodingChunked = true;
        }
        if (random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", Pick(random, ["\"unterminated", new string('k', 300), "two words", "\"\"", "a,b", "\"ok-" + n + "\""]));
        }
        if (random.Next(6) == 0) request.Headers.TryAddWithoutValidation("webhook-signature", Pick(random, ["v1,AAAA", "v1a,xyz", "", new string('v', 2000)]));
        if (random.Next(6) == 0) request.Headers.TryAddWithoutValidation("webhook-timestamp", Pick(random, ["0", "-1", "99999999999999999999", "abc"]));
        if (random.Next(6) == 0) request.Headers.TryAddWithoutValidation("webhook-id", Pick(random, ["msg_1", "", new string('i', 500)]));
        return request;
    }

    /// <summary>Bodies that cannot place an order: each order-shaped one carries at least one hostile name or value.</summary>
    private static byte[] Body(Random random)
    {
        string Name() => Pick(random, HostileNames);
        var json = random.Next(12) switch
        {
            0 => JsonSerializer.Serialize(new { domains = new[] { Name() }, product = Pick(random, Products), dcvMethod = Pick(random, ["http-01", "dns-01", "email", "ftp", ""]) }),
            1 => JsonSerializer.Serialize(new { domains = new[] { "ok.sslflow.test", Name(), Name() }, product = "dv-multi", extraSans = random.Next(-5, 500) }),
            2 => JsonSerializer.Serialize(new { domains = Enumerable.Repeat(Name(), random.Next(100, 400)).ToArray(), product = "dv-multi" }),
            3 => """{"domains":"not-a-list","product":7,"dcvMethod":null}""",
            4 => """{"domains":[1,2,3],"extraSans":1e400}""",
            5 => new string('[', random.Next(70, 500)) + new string(']', 3),
            6 => "{\"domains\":[\"" + new string('a', random.Next(65 * 1024, 80 * 1024)) + "\"]}",
            7 => JsonSerializer.Serialize(new { domains = new[] { Name() }, product = "ov-single", dcvMethod = "email", approverEmail = Pick(random, ["root@evil.test", "admin@", "@", new string('a', 300) + "@x.test"]) }),
            8 => JsonSerializer.Serialize(new { type = Pick(random, ["dcv.completed", "issued", "nope"]), caReference = Pick(random, ["SBX-1", "", new string('c', 1000)]), detail = Name() }),
            9 => JsonSerializer.Serialize(new { reason = new string('r', random.Next(400, 2000)), dcvMethod = "smoke-signals", addDomains = new[] { Name() }, keyAlgorithm = "Rsa1024" }),
            10 => "",
            _ => null,
        };
        if (json is not null) return Encoding.UTF8.GetBytes(json);
        var garbage = new byte[random.Next(1, 4096)];
        random.NextBytes(garbage);
        return garbage;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
