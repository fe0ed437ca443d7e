using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using SslFlow.Activities.Ports;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Application.Webhooks;
using SslFlow.Functions.Http;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Functions.Tests.Http;

/// <summary>The Functions app answers on exactly the routes and methods the local host maps from src/Application.</summary>
public sealed class RouteParityTests
{
    private static HashSet<string> LocalRoutes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var workflow = Mock.Of<IWorkflowClient>();
        builder.Services.AddSingleton(workflow);
        builder.Services.AddSingleton(Mock.Of<IOrderStore>());
        builder.Services.AddSingleton(Mock.Of<IWebhookReceipts>());
        builder.Services.AddSingleton(new OrderService(workflow, Mock.Of<IOrderStore>(), Mock.Of<IVault>(), new CertificateAuthorities([]), new OrderServiceOptions()));
        builder.Services.AddSingleton(new ApiKeyAuthentication(new Dictionary<string, string>()));
        builder.Services.AddSingleton(new IntakeOptions());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new WebhookOptions());
        builder.Services.AddSingleton(new WebhookVerifier(TimeProvider.System));
        var app = builder.Build();
        app.MapOrderEndpoints();
        app.MapWebhookEndpoints();
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.Trim('/')}"));
        return routes.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

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
        var local = LocalRoutes();
        var functions = FunctionRoutes(typeof(OrderFunctions), typeof(WebhookFunctions));

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
