namespace SslFlow.Workflow.Orchestrations;

/// <summary>Event names orchestrations wait for from the HTTP layer.</summary>
public static class OrderEvents
{
    public const string Cancel = "cancel";

    /// <summary>The customer switched the DCV method; the payload is <see cref="DcvMethodChanged"/>.</summary>
    public const string DcvMethodChanged = "dcv.method.changed";
}

public sealed record CancelRequest(string Reason, string Actor);

public sealed record RevokeRequest(string OrderId, string CaName, string CertificateName, int Reason, string ReasonName);

public sealed record ReissueRequest(string OrderId, string CaName, string ProductCode, IReadOnlyList<string> DnsNames, Activities.Ports.DcvMethod DcvMethod,
    string? ContactEmail, string CertificateName, Activities.Ports.KeyAlgorithm Key, int Renewals);

public sealed record CancelIssuedRequest(string OrderId, string CaName, string CertificateName, string Reason);

/// <summary>Audit sequence numbers for operations started outside the order orchestration: stable per instance.</summary>
public static class Sequences
{
    public static int For(string instanceId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(instanceId));
        return 10_000_000 + (int)(BitConverter.ToUInt32(hash, 0) % 100_000) * 100;
    }
}
