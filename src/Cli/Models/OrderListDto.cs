namespace SslFlow.Cli.Models;

public sealed record OrderListDto(IReadOnlyList<OrderDto>? Orders, string? ContinuationToken);
