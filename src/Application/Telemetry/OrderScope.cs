using Microsoft.Extensions.Logging;

namespace SslFlow.Application.Telemetry;

/// <summary>The log scope every order-related log runs in: OrderId and CaReference become dimensions of each record.</summary>
public static class OrderScope
{
    public const string OrderId = "OrderId";
    public const string CaReference = "CaReference";

    public static IDisposable? Begin(ILogger logger, string? orderId, string? caReference)
    {
        if (orderId is null && caReference is null)
        {
            return null;
        }

        var state = new Dictionary<string, object?>(2);
        if (orderId is not null) state[OrderId] = orderId;
        if (caReference is not null) state[CaReference] = caReference;
        return logger.BeginScope(state);
    }
}
