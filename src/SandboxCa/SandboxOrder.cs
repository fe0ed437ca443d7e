namespace SslFlow.SandboxCa;

/// <summary>One order as the sandbox keeps it (in memory and in orders.json). Mutated only under <see cref="OrderBook"/>'s lock.</summary>
public sealed class SandboxOrder
{
    public required string CaReference { get; init; }

    public required string OrderKey { get; init; }

    public required string ProductCode { get; init; }

    public required ProductKind Kind { get; init; }

    public List<string> DnsNames { get; set; } = [];

    /// <summary>Base64 DER PKCS#10; null until given at create or finalize.</summary>
    public string? Csr { get; set; }

    public string DcvMethod { get; set; } = "email";

    public string? ApproverEmail { get; set; }

    public string? ContactEmail { get; set; }

    public string? OrganizationName { get; set; }

    /// <summary>The organization's details (OV, EV, S/MIME Enterprise); null on orders placed with only <see cref="OrganizationName"/>.</summary>
    public OrganizationDetails? Organization { get; set; }

    /// <summary><see cref="SubjectChecks.ProfileKey"/> of <see cref="Organization"/>: finds an earlier vetting to reuse.</summary>
    public string? OrganizationKey { get; set; }

    public ContactsDetails? Contacts { get; set; }

    /// <summary>S/MIME Pro and Enterprise: the person the certificate names.</summary>
    public PersonDetails? Person { get; set; }

    /// <summary>pending | dcv_completed | organization_validated | ev_checks_completed | issued | rejected | cancelled | revoked.</summary>
    public string Status { get; set; } = OrderStatuses.Pending;

    public string? Reason { get; set; }

    public List<ValidationStep> Steps { get; set; } = [];

    public List<DcvEntry> Dcv { get; set; } = [];

    /// <summary>Names whose control has been validated (a reissue adding others needs domain control again).</summary>
    public List<string> ValidatedNames { get; set; } = [];

    public List<IssuedCertificate> Certificates { get; set; } = [];

    public int ApprovalEmailsSent { get; set; }

    public int DcvChecksRequested { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public ValidationStep? CurrentStep => Steps.FirstOrDefault(s => s.CompletedAt is null);

    public bool IsTerminal => Status is OrderStatuses.Rejected or OrderStatuses.Cancelled or OrderStatuses.Revoked;

    public bool AwaitingCsr => !IsTerminal && Status != OrderStatuses.Issued && CurrentStep is null && Csr is null;
}

public sealed class ValidationStep
{
    public required string Name { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Organization step done by reusing another order's vetting: that order's reference.</summary>
    public string? ReusedFrom { get; set; }

    /// <summary>When the reused vetting was done (the reuse period runs from then, not from this order).</summary>
    public DateTimeOffset? VettedAt { get; set; }
}

/// <summary><paramref name="Approved"/>: for email DCV, the approver followed the link.</summary>
public sealed record DcvEntry(string DnsName, string Method, string Token, string Value, string Location, bool Approved = false);

public sealed class IssuedCertificate
{
    public required string SerialNumber { get; init; }

    /// <summary>The leaf, PEM.</summary>
    public required string Pem { get; init; }

    public DateTimeOffset NotBefore { get; init; }

    public DateTimeOffset NotAfter { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public int? RevocationReason { get; set; }
}

public static class OrderStatuses
{
    public const string Pending = "pending";
    public const string Issued = "issued";
    public const string Rejected = "rejected";
    public const string Cancelled = "cancelled";
    public const string Revoked = "revoked";
}
