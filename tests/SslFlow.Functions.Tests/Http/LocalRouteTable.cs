using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Application.Webhooks;
using Microsoft.DurableTask.Client;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Organizations;
using SslFlow.Contracts.Vault;
using SslFlow.Contracts.Webhooks;

namespace SslFlow.Functions.Tests.Http;

/// <summary>The local host's route table, built by mapping the shared endpoints on a slim web application.</summary>
internal static class LocalRouteTable
{
    /// <summary>"METHOD template" for every endpoint the local host maps from src/Application (template without leading slash).</summary>
    public static HashSet<string> Routes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var workflow = new Mock<DurableTaskClient>("routes").Object;
        builder.Services.AddSingleton(workflow);
        builder.Services.AddSingleton(Mock.Of<IOrderStore>());
        builder.Services.AddSingleton(Mock.Of<IWebhookReceipts>());
        builder.Services.AddSingleton(OrderUseCases.Create(workflow, Mock.Of<IOrderStore>(), Mock.Of<IVault>(), new CertificateAuthorities([]), new OrderServiceOptions()));
        builder.Services.AddSingleton(new ApiKeyAuthentication(new Dictionary<string, string>()));
        builder.Services.AddSingleton(new IntakeOptions());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new WebhookOptions());
        builder.Services.AddSingleton(new WebhookVerifier(TimeProvider.System));
        builder.Services.AddSingleton(new SslFlow.Application.Organizations.OrganizationProfileService(Mock.Of<IOrganizationProfileStore>(), TimeProvider.System));
        var app = builder.Build();
        app.MapOrderEndpoints();
        SslFlow.Application.Organizations.OrganizationProfileEndpoints.MapOrganizationProfileEndpoints(app);
        app.MapWebhookEndpoints();
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.Trim('/')}"));
        return routes.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
