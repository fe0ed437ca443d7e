using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using SslFlow.Application.Operator;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Application.Webhooks;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Webhooks;

namespace SslFlow.Operator.Tests;

/// <summary>
/// A WebApplication with the real route table (orders, webhooks, operator). The handlers' services are registered so
/// minimal APIs infer them as services (not bodies) exactly as in the host; none is ever resolved by these tests.
/// </summary>
public static class TestApi
{
    public static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var services = builder.Services;
        services.AddSingleton<OrderUseCases>(_ => throw new NotSupportedException("not used by the route table"));
        services.AddSingleton<SslFlow.Application.Caas.CaasService>(_ => throw new NotSupportedException("not used by the route table"));
        services.AddSingleton<SslFlow.Application.Organizations.OrganizationProfileService>(_ => throw new NotSupportedException("not used by the route table"));
        services.AddSingleton(new ApiKeyAuthentication(new Dictionary<string, string>()));
        services.AddSingleton(new IntakeOptions());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new WebhookOptions());
        services.AddSingleton(new WebhookVerifier(TimeProvider.System));
        services.AddSingleton(Mock.Of<IWebhookReceipts>());
        services.AddSingleton(Mock.Of<IOrderStore>());
        services.AddSingleton(new Mock<DurableTaskClient>("test").Object);
        services.AddSslFlowOperator(builder.Configuration);
        var app = builder.Build();
        app.MapOrderEndpoints();
        SslFlow.Application.Organizations.OrganizationProfileEndpoints.MapOrganizationProfileEndpoints(app);
        SslFlow.Application.Caas.CaasEndpoints.MapCaasEndpoints(app);
        app.MapWebhookEndpoints();
        app.MapOperatorEndpoints();
        return app;
    }
}
