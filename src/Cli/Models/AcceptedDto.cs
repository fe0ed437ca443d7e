namespace SslFlow.Cli.Models;

/// <summary>A 202 answer: order intake (<c>status</c>, <c>created</c>) or a lifecycle operation (<c>operation</c>, <c>detail</c>).</summary>
public sealed record AcceptedDto(string OrderId, string? Status, bool? Created, string? Operation, string? Detail);
