namespace SslFlow.Adapters.SandboxCa;

// Wire shapes of the sandbox order API (camelCase JSON), only the members the adapter reads.

public sealed record SandboxOrder(
    string CaReference,
    string Status,
    IReadOnlyList<SandboxStep> Steps,
    string? CurrentStep,
    bool HasCsr,
    bool AwaitingCsr,
    IReadOnlyList<SandboxDcv> Dcv,
    string? Reason);

public sealed record SandboxStep(string Name, string Status);

public sealed record SandboxDcv(string DnsName, string Method, string Token, string Value, string Location);
