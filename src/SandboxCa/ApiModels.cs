namespace SslFlow.SandboxCa;

// Wire shapes of the order API (camelCase JSON). Requests are lenient records; responses are built from a locked snapshot.

public sealed record CreateOrderRequest(
    string? ProductCode,
    List<string>? DnsNames,
    string? Csr,
    string? DcvMethod,
    string? ApproverEmail,
    string? ContactEmail,
    string? OrderKey,
    string? OrganizationName,
    OrganizationDetails? Organization = null,
    ContactsDetails? Contacts = null,
    PersonDetails? Person = null);

public sealed record FinalizeRequest(string? Csr);

public sealed record ReissueRequest(string? Csr, List<string>? DnsNames);

public sealed record RevokeOrderRequest(string? Reason, int? ReasonCode);

public sealed record RevokeCertificateRequest(string? Certificate, int? Reason);

public sealed record ChangeDcvMethodRequest(string? DcvMethod, string? ApproverEmail);

public sealed record RejectRequest(string? Reason);

public sealed record DropWebhooksRequest(int Percent);

public sealed record DcvView(string DnsName, string Method, string Token, string Value, string Location);

/// <summary>
/// <paramref name="Event"/>: the webhook event type sent when the step completes. <paramref name="ReusedFrom"/>: the
/// step was completed at order time by reusing that order's organization vetting, done at <paramref name="VettedAt"/>.
/// </summary>
public sealed record StepView(string Name, string Event, string Status, DateTimeOffset? CompletedAt, string? ReusedFrom = null, DateTimeOffset? VettedAt = null);

public sealed record CertificateView(string SerialNumber, DateTimeOffset NotBefore, DateTimeOffset NotAfter, bool Revoked);

public sealed record OrderView(
    string CaReference,
    string OrderKey,
    string ProductCode,
    string Status,
    IReadOnlyList<StepView> Steps,
    string? CurrentStep,
    bool HasCsr,
    bool AwaitingCsr,
    IReadOnlyList<string> DnsNames,
    string DcvMethod,
    IReadOnlyList<DcvView> Dcv,
    string? Reason,
    CertificateView? Certificate,
    int ApprovalEmailsSent,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    OrganizationDetails? Organization = null,
    string? OrganizationKey = null,
    ContactsDetails? Contacts = null,
    PersonDetails? Person = null)
{
    public static OrderView From(SandboxOrder o) => new(
        o.CaReference, o.OrderKey, o.ProductCode, o.Status,
        o.Steps.Select(s => new StepView(s.Name, Products.Step(s.Name).EventType, s.CompletedAt is null ? "pending" : "completed", s.CompletedAt, s.ReusedFrom, s.VettedAt)).ToList(),
        o.IsTerminal ? null : o.CurrentStep?.Name,
        o.Csr is not null, o.AwaitingCsr, o.DnsNames.ToList(), o.DcvMethod,
        o.Dcv.Select(d => new DcvView(d.DnsName, d.Method, d.Token, d.Value, d.Location)).ToList(),
        o.Reason,
        o.Certificates.LastOrDefault() is { } c ? new CertificateView(c.SerialNumber, c.NotBefore, c.NotAfter, c.RevokedAt is not null) : null,
        o.ApprovalEmailsSent, o.CreatedAt, o.UpdatedAt, o.Organization, o.OrganizationKey, o.Contacts, o.Person);
}

/// <summary>A refusal the endpoints turn into a problem response (status, machine code, human detail).</summary>
public sealed class SandboxApiException(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>The refused fields, when the refusal is about the request's details.</summary>
    public IReadOnlyList<FieldError>? Errors { get; init; }

    /// <summary>Problem-details extensions: the machine code, and the field errors when there are some.</summary>
    public Dictionary<string, object?> Extensions()
    {
        var extensions = new Dictionary<string, object?> { ["code"] = Code };
        if (Errors is { Count: > 0 }) extensions["errors"] = Errors;
        return extensions;
    }
}
