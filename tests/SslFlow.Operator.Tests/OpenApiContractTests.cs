using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using SslFlow.Application.Operator;
using SslFlow.Application.Orders;
using SslFlow.Application.Webhooks;

namespace SslFlow.Operator.Tests;

/// <summary>The hand-written /openapi.json against the real endpoint table and the C# request and response records.</summary>
public sealed class OpenApiContractTests
{
    private static readonly HashSet<string> OperatorRoutes = ["/", "/dashboard/{**path}", OperatorEndpoints.OpenApiRoute];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    /// <summary>Each request body in the description and the record the handler deserializes it into.</summary>
    private static readonly Dictionary<(string Method, string Path), Type> RequestBodies = new()
    {
        [("post", "/api/orders")] = typeof(CreateOrderRequest),
        [("post", "/api/orders/{orderId}/cancel")] = typeof(CancelOrderRequest),
        [("post", "/api/orders/{orderId}/renew")] = typeof(SslFlow.Application.Caas.RenewOrderRequest),
        [("post", "/api/orders/{orderId}/revoke")] = typeof(RevokeOrderRequest),
        [("post", "/api/orders/{orderId}/reissue")] = typeof(ReissueOrderRequest),
        [("post", "/api/orders/{orderId}/dcv-method")] = typeof(ChangeDcvMethodRequest),
        [("post", "/api/orders/{orderId}/activate")] = typeof(SslFlow.Domain.Intake.ActivationRequest),
        [("post", "/api/webhooks/{ca}")] = typeof(CaEvent),
        [("post", "/api/operator/orders/{orderId}/sandbox-reject")] = typeof(SandboxRejectRequest),
        [("post", "/api/organization-profiles")] = typeof(SslFlow.Application.Organizations.OrganizationProfileRequest),
        [("put", "/api/organization-profiles/{profileId}")] = typeof(SslFlow.Application.Organizations.OrganizationProfileRequest),
    };

    private static JsonObject Document() => JsonNode.Parse(OperatorAssets.Find("openapi.json")!.Content)!.AsObject();

    /// <summary>Served by the local host but not part of the API: health probe and http-01 answers (unauthenticated by design).</summary>
    private static readonly HashSet<string> HostOnlyRoutes = ["/healthz", "/.well-known/acme-challenge/{token}"];

    /// <summary>The route table of the real local host, built (not started) with the settings it needs to compose.</summary>
    private static HashSet<(string Method, string Path)> RealApiRoutes()
    {
        var app = SslFlow.LocalHost.LocalHostProgram.Build(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SslFlow:TablesConnectionString"] = "UseDevelopmentStorage=true",
            ["SslFlow:Acme:DirectoryUrl"] = "https://127.0.0.1:1/dir",
            ["SslFlow:ApiKeys:route-table-only-key-0123456789"] = "test",
        }));
        var routes = ApiRoutes(app).Where(r => !HostOnlyRoutes.Contains(r.Path)).ToHashSet();
        Assert.NotEmpty(routes);
        // The route table TestApi builds for the other tests is the host's.
        Assert.Equal(routes.Order().ToList(), ApiRoutes(TestApi.Build()).Order().ToList());
        return routes;
    }

    private static HashSet<(string Method, string Path)> ApiRoutes(IEndpointRouteBuilder app) =>
        app.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => !OperatorRoutes.Contains(e.RoutePattern.RawText!))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (m.ToLowerInvariant(), e.RoutePattern.RawText!)))
            .ToHashSet();

    private static HashSet<(string Method, string Path)> DocumentedRoutes() =>
        Document()["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(op => Methods.Contains(op.Key)).Select(op => (op.Key, p.Key)))
            .ToHashSet();

    [Fact]
    public void Is_OpenApi_3_1_with_the_bearer_scheme_applied_to_the_API()
    {
        var doc = Document();
        Assert.Equal("3.1.0", (string?)doc["openapi"]);
        var bearer = doc["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", (string?)bearer["type"]);
        Assert.Equal("bearer", (string?)bearer["scheme"]);
        Assert.True(doc["security"]!.AsArray().Single()!.AsObject().ContainsKey("bearer"));
    }

    [Fact]
    public void Every_real_route_is_documented_with_its_method()
    {
        var missing = RealApiRoutes().Except(DocumentedRoutes()).ToList();
        Assert.True(missing.Count == 0, "Not in openapi.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_documented_route_exists()
    {
        var extra = DocumentedRoutes().Except(RealApiRoutes()).ToList();
        Assert.True(extra.Count == 0, "Documented but not mapped: " + string.Join(", ", extra));
    }

    [Fact]
    public void No_operation_lists_a_parameter_twice_and_no_reference_has_siblings()
    {
        // OpenAPI: a parameter is unique by name and location; tools pick one of two at random. Found twice after merges.
        foreach (var (method, path) in DocumentedRoutes())
        {
            var keys = Parameters(path, method).Select(p => $"{(string?)p["in"]}:{(string?)p["name"]}").ToList();
            Assert.True(keys.Count == keys.Distinct().Count(), $"{method} {path}: parameters {string.Join(", ", keys)}");
            foreach (var (code, response) in Operation(path, method)["responses"]!.AsObject())
            {
                Assert.False(response is JsonObject r && r.ContainsKey("$ref") && r.ContainsKey("content"), $"{method} {path} {code}: a $ref next to its own content");
            }
        }
    }

    [Fact]
    public void Path_parameters_match_the_route_templates()
    {
        foreach (var (method, path) in DocumentedRoutes())
        {
            var documented = Parameters(path, method).Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).Order().ToList();
            var inTemplate = System.Text.RegularExpressions.Regex.Matches(path, @"\{\*{0,2}([^}:=?]+)").Select(m => m.Groups[1].Value).Order().ToList();
            Assert.True(inTemplate.SequenceEqual(documented), $"{method} {path}: template {string.Join(",", inTemplate)} vs documented {string.Join(",", documented)}");
            Assert.All(Parameters(path, method).Where(p => (string?)p["in"] == "path"), p => Assert.True((bool?)p["required"]));
        }
    }

    [Fact]
    public void Request_bodies_name_the_same_properties_as_the_request_records()
    {
        var documentedBodies = DocumentedRoutes().Where(r => Operation(r.Path, r.Method)["requestBody"] is not null).ToHashSet();
        Assert.Equal(RequestBodies.Keys.ToHashSet(), documentedBodies);
        foreach (var ((method, path), type) in RequestBodies)
        {
            var body = Operation(path, method)["requestBody"]!;
            var schema = Resolve(body["content"]!["application/json"]!["schema"]!);
            AssertSameProperties(type, schema, $"{method} {path}");
        }
    }

    [Theory]
    [InlineData(typeof(OrderView), "OrderView")]
    [InlineData(typeof(SubjectView), "SubjectView")]
    [InlineData(typeof(TransitionView), "TransitionView")]
    [InlineData(typeof(OrderListView), "OrderListView")]
    [InlineData(typeof(OperatorCapabilities), "OperatorCapabilities")]
    [InlineData(typeof(SslFlow.Application.Organizations.OrganizationProfileView), "OrganizationProfileView")]
    [InlineData(typeof(SslFlow.Application.Organizations.OrganizationVettingView), "OrganizationVettingView")]
    [InlineData(typeof(SslFlow.Application.Organizations.OrganizationProfileListView), "OrganizationProfileListView")]
    public void Response_schemas_name_the_same_properties_as_the_response_records(Type type, string schema) =>
        AssertSameProperties(type, Document()["components"]!["schemas"]![schema]!, schema);

    [Fact]
    public void Every_operation_documents_problem_details_for_its_errors_and_every_reference_resolves()
    {
        foreach (var (method, path) in DocumentedRoutes())
        {
            var responses = Operation(path, method)["responses"]!.AsObject();
            Assert.Contains(responses, r => r.Key.StartsWith('2'));
            foreach (var (code, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var content = Resolve(response!)["content"]!.AsObject();
                Assert.True(content.ContainsKey("application/problem+json"), $"{method} {path} {code} is not problem details");
            }
            // Every API route answers 401 without a key, except the webhook, which is signed instead.
            Assert.True(responses.ContainsKey("401"), $"{method} {path} documents no 401");
        }
        foreach (var reference in References(Document())) Resolve(new JsonObject { ["$ref"] = reference });
    }

    [Fact]
    public void The_webhook_is_authenticated_by_signature_not_by_the_api_key()
    {
        var webhook = Operation("/api/webhooks/{ca}", "post");
        Assert.Empty(webhook["security"]!.AsArray());
        var headers = Parameters("/api/webhooks/{ca}", "post").Where(p => (string?)p["in"] == "header").Select(p => (string)p["name"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "webhook-id", "webhook-timestamp", "webhook-signature" }, headers);
    }

    [Fact]
    public void The_download_route_is_pem()
    {
        var ok = Operation("/api/orders/{orderId}/certificate", "get")["responses"]!["200"]!["content"]!.AsObject();
        Assert.Equal(["application/x-pem-file"], ok.Select(c => c.Key));
    }

    private static void AssertSameProperties(Type type, JsonNode schema, string where)
    {
        var expected = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order().ToList();
        var documented = Resolve(schema)["properties"]!.AsObject().Select(p => p.Key).Order().ToList();
        Assert.True(expected.SequenceEqual(documented), $"{where} ({type.Name}): record has [{string.Join(", ", expected)}], openapi.json has [{string.Join(", ", documented)}]");
    }

    private static JsonObject Operation(string path, string method) => Document()["paths"]![path]![method]!.AsObject();

    private static IEnumerable<JsonNode> Parameters(string path, string method) =>
        (Operation(path, method)["parameters"]?.AsArray() ?? []).Select(p => Resolve(p!));

    /// <summary>Follows a local <c>$ref</c> (and one level of <c>allOf</c> is left to the caller).</summary>
    private static JsonNode Resolve(JsonNode node)
    {
        while (node is JsonObject o && o["$ref"] is { } r)
        {
            var pointer = ((string)r!).TrimStart('#', '/').Split('/');
            JsonNode? target = Document();
            foreach (var segment in pointer) target = target?[segment];
            node = target ?? throw new Xunit.Sdk.XunitException($"Unresolved $ref {r}");
        }
        return node;
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [(string)p.Value!] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };
}
