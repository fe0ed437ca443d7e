namespace SslFlow.Application.Operator;

/// <summary>One embedded dashboard or OpenAPI file with its content type and a content hash for revalidation.</summary>
public sealed record OperatorAsset(string Name, byte[] Content, string ContentType, string ETag);
