using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using SslFlow.Functions.Http;

namespace SslFlow.Functions.Tests.Http;

/// <summary>The Functions app answers on exactly the routes and methods the local host maps from src/Application.</summary>
public sealed class RouteParityTests
{
    private static HashSet<string> FunctionRoutes(params Type[] types) =>
        types.SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .Where(a => a is not null)
            .SelectMany(a => a!.Methods!.Select(m => $"{m.ToUpperInvariant()} {a.Route}"))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void Every_route_of_the_local_host_is_a_function_with_the_same_template_and_method()
    {
        var local = LocalRouteTable.Routes();
        var functions = FunctionRoutes(typeof(OrderFunctions), typeof(ActivationFunctions), typeof(WebhookFunctions), typeof(OrganizationProfileFunctions));

        Assert.NotEmpty(local);
        Assert.Subset(functions, local);
        // Beyond the shared handlers the app serves only http-01 answers (the local host maps those itself too).
        Assert.Equal(["GET .well-known/acme-challenge/{token}"], functions.Except(local));
    }

    [Fact]
    public void Host_json_sets_no_route_prefix_so_the_templates_are_the_full_paths()
    {
        using var host = System.Text.Json.JsonDocument.Parse(RepoFiles.Read("host.json"));

        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("SslFlowHub", host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString());
    }
}
