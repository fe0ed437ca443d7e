using SslFlow.Domain.Rules;

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

/// <param name="Subject">The order's subject details (<see cref="Contracts.Orders.OrderRecord.Subject"/>): the reissued certificate names the same
/// organization or person (null: none, as for DV or orders recorded before the record kept them).</param>
/// <param name="ValidationPollInterval">As <see cref="OrderInput.ValidationPollInterval"/>: a reissue's CA order is not the order's
/// CA reference, so its webhooks do not reach it and the slow poll is what moves it at an order-API CA.</param>
public sealed record ReissueRequest(string OrderId, string CaName, string ProductCode, IReadOnlyList<string> DnsNames, Domain.Rules.DcvMethod DcvMethod,
    string? ContactEmail, string CertificateName, Domain.Keys.KeyAlgorithm Key, int Renewals, Domain.Organizations.SubjectDetails? Subject = null,
    TimeSpan? ValidationPollInterval = null);

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
