using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SslFlow.Application.Operator;

public static class OperatorServiceRegistration
{
    /// <summary>The operator API's services: the optional sandbox CA back-office proxy (bound and validated at start).</summary>
    public static IServiceCollection AddSslFlowOperator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxCaOperatorOptions>().Bind(configuration.GetSection(SandboxCaOperatorOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Url is null || o.Url.Scheme is "http" or "https", "SslFlow:Operator:SandboxCa:Url must be an http(s) URL.")
            .Validate(o => o.Url is null || !string.IsNullOrEmpty(o.OperatorKey), "SslFlow:Operator:SandboxCa:OperatorKey is required with a URL.")
            .ValidateOnStart();
        services.AddHttpClient<SandboxCaOperator>(c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddTransient(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SandboxCaOperatorOptions>>().Value);
        return services;
    }
}
