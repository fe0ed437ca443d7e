namespace SslFlow.Application.Caas;

/// <summary>The optional body of <c>POST /api/orders/{id}/renew</c>: the term to add (<c>365d</c>, <c>1y</c>, a time span); default the product's.</summary>
public sealed record RenewOrderRequest(string? Term);
