using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SslFlow.Application.Orders;

/// <summary>The intake of install targets both hosts register, with the customers' defaults from <c>SslFlow:Installation:Defaults</c>.</summary>
public static class InstallationIntakeRegistration
{
    public const string DefaultsSection = "SslFlow:Installation:Defaults";

    public static IServiceCollection AddInstallationIntake(this IServiceCollection services, IConfiguration configuration)
    {
        var intake = new InstallationIntakeOptions();
        configuration.GetSection(DefaultsSection).Bind(intake.Defaults);
        services.AddSingleton(intake);
        services.AddSingleton<InstallationIntake>();
        return services;
    }
}
