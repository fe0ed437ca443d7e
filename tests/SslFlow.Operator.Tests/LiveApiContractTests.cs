using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SslFlow.Application.Operator;

namespace SslFlow.Operator.Tests;

/// <summary>
/// What the running host really returns, against /openapi.json as the host serves it: status codes, content types and
/// the property names of each answer (every property the host sends is documented, and every required one is sent).
/// </summary>
[Collection(OperatorHostCollection.Name)]
public sealed class LiveApiContractTests(OperatorHostFixture host)
{
    [Fact]
    public async Task Answers_of_the_running_host_have_the_documented_status_content_type_and_properties()
    {
        var doc = JsonNode.Parse(await host.Http.GetStringAsync(OperatorEndpoints.OpenApiRoute))!.AsObject();
        Assert.Equal(doc.ToJsonString(), JsonNode.Parse(OperatorAssets.Find("openapi.json")!.Content)!.ToJsonString());

        var create = await host.Http.PostAsJsonAsync("api/orders", new { domains = new[] { OperatorHostFixture.NewDomain("oas") }, product = "dv-single", dcvMethod = "http-01" });
        var accepted = await AssertDocumentedAsync(doc, create, "/api/orders", "post");
        var orderId = accepted.GetProperty("orderId").GetString()!;
        Assert.Equal($"/api/orders/{orderId}", create.Headers.Location?.OriginalString);

        await AssertDocumentedAsync(doc, await host.Http.GetAsync($"api/orders/{orderId}"), "/api/orders/{orderId}", "get");
        var list = await AssertDocumentedAsync(doc, await host.Http.GetAsync("api/orders?pageSize=5"), "/api/orders", "get");
        foreach (var order in list.GetProperty("orders").EnumerateArray()) AssertProperties(doc, order, Schema(doc, "OrderView"), "listed order");
        await AssertDocumentedAsync(doc, await host.Http.GetAsync("api/operator/capabilities"), "/api/operator/capabilities", "get");

        // Errors: problem details with the documented status.
        await AssertDocumentedAsync(doc, await host.Http.GetAsync("api/orders?pageSize=0"), "/api/orders", "get");
        await AssertDocumentedAsync(doc, await host.Http.GetAsync("api/orders/ord-nope"), "/api/orders/{orderId}", "get");
        await AssertDocumentedAsync(doc, await host.Http.PostAsJsonAsync("api/orders", new { domains = new[] { "bad name" }, product = "dv-single", dcvMethod = "http-01" }), "/api/orders", "post");
        await AssertDocumentedAsync(doc, await host.Http.PostAsync("api/operator/orders/ord-nope/sandbox-approve", null), "/api/operator/orders/{orderId}/sandbox-approve", "post");
        using var anonymous = new HttpClient { BaseAddress = host.BaseUrl };
        await AssertDocumentedAsync(doc, await anonymous.GetAsync("api/orders"), "/api/orders", "get");
        await AssertDocumentedAsync(doc, await anonymous.GetAsync($"api/orders/{orderId}/certificate"), "/api/orders/{orderId}/certificate", "get");
    }

    [Fact]
    public async Task The_dashboard_files_are_served_without_a_key_and_carry_no_data_and_a_strict_policy()
    {
        using var anonymous = new HttpClient { BaseAddress = host.BaseUrl };
        foreach (var path in new[] { "", "dashboard/dashboard.js", "dashboard/dashboard.css", "openapi.json" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.DoesNotContain(host.ApiKey, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("dashboard/../appsettings.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("dashboard/nothing.js")).StatusCode);
    }

    private static async Task<JsonElement> AssertDocumentedAsync(JsonObject doc, HttpResponseMessage response, string path, string method)
    {
        var code = ((int)response.StatusCode).ToString();
        var responses = doc["paths"]![path]![method]!["responses"]!.AsObject();
        Assert.True(responses.ContainsKey(code), $"{method} {path} answered {code}, documented: {string.Join(", ", responses.Select(r => r.Key))}");
        var documented = Resolve(doc, responses[code]!);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var content = documented["content"]!.AsObject();
        Assert.True(mediaType is not null && content.ContainsKey(mediaType), $"{method} {path} {code}: {mediaType}, documented: {string.Join(", ", content.Select(c => c.Key))}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertProperties(doc, body, Resolve(doc, content[mediaType]!["schema"]!), $"{method} {path} {code}");
        return body;
    }

    private static void AssertProperties(JsonObject doc, JsonElement body, JsonNode schema, string where)
    {
        var properties = schema["properties"]?.AsObject();
        if (properties is null) return; // a free-form object (e.g. passed through from the sandbox CA)
        var sent = body.EnumerateObject().Select(p => p.Name).ToHashSet();
        // Closed unless the schema says otherwise: an answer may not carry what the description does not name.
        var open = schema["additionalProperties"] is JsonObject || (schema["additionalProperties"] is JsonValue v && v.GetValueKind() == JsonValueKind.True);
        if (!open)
        {
            var undocumented = sent.Except(properties.Select(p => p.Key)).ToList();
            Assert.True(undocumented.Count == 0, $"{where}: sends undocumented [{string.Join(", ", undocumented)}]");
        }
        var required = schema["required"]?.AsArray().Select(r => (string)r!).ToList() ?? [];
        var missing = required.Except(sent).ToList();
        Assert.True(missing.Count == 0, $"{where}: misses required [{string.Join(", ", missing)}]");
        foreach (var (name, propertySchema) in properties)
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object) AssertProperties(doc, value, Resolve(doc, propertySchema!), $"{where}.{name}");
        }
    }

    private static JsonNode Schema(JsonObject doc, string name) => doc["components"]!["schemas"]![name]!;

    private static JsonNode Resolve(JsonObject doc, JsonNode node)
    {
        while (node is JsonObject o && o["$ref"] is { } r)
        {
            JsonNode? target = doc;
            foreach (var segment in ((string)r!).TrimStart('#', '/').Split('/')) target = target?[segment];
            node = target ?? throw new Xunit.Sdk.XunitException($"Unresolved $ref {r}");
        }
        if (node is not JsonObject { } composed || composed["allOf"] is not JsonArray parts) return node;
        // allOf: one object with every part's properties and required names.
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var part in parts.Select(p => Resolve(doc, p!)))
        {
            foreach (var (name, value) in part["properties"]?.AsObject() ?? []) properties[name] = value?.DeepClone();
            foreach (var name in part["required"]?.AsArray() ?? []) required.Add(name?.DeepClone());
        }
        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
    }
}
