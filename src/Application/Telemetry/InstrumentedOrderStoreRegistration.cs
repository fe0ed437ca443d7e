using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SslFlow.Contracts.Orders;

namespace SslFlow.Application.Telemetry;

public static class InstrumentedOrderStoreRegistration
{
    /// <summary>The host's <see cref="IOrderStore"/>: <typeparamref name="TStore"/> (registered by the host) wrapped for order metrics and order-scoped logs.</summary>
    public static IServiceCollection AddInstrumentedOrderStore<TStore>(this IServiceCollection services) where TStore : class, IOrderStore
    {
        services.AddSingleton<IOrderStore>(sp => new InstrumentedOrderStore(sp.GetRequiredService<TStore>(), sp.GetRequiredService<ILogger<InstrumentedOrderStore>>()));
        return services;
    }
}
