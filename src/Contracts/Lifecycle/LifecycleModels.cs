namespace SslFlow.Contracts.Lifecycle;

public sealed record RevokeInput(string CaName, string CertificateName, int Reason);

/// <summary><paramref name="OrderId"/> lets the activity find the CA reference when <paramref name="CaReference"/> is not known.</summary>
public sealed record CancelCaOrderInput(string CaName, string? CaReference, string CertificateName, string? OrderId = null);

public sealed record RefundInput(string OrderId, string Reason);

/// <summary>RFC 5280 CRLReason codes a customer may choose.</summary>
public static class RevocationReasons
{
    public static readonly IReadOnlyDictionary<string, int> ByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["unspecified"] = 0,
        ["keyCompromise"] = 1,
        ["affiliationChanged"] = 3,
        ["superseded"] = 4,
        ["cessationOfOperation"] = 5,
    };
}
