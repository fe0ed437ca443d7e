using static SslFlow.Domain.Products.ValidationStepKind;

namespace SslFlow.Domain.Products;

/// <summary>
/// The products on sale. Choices: multi-domain includes 3 names and can grow to 100 (the ACME per-certificate limit the
/// DESIGN names); wildcard covers one <c>*.name</c> plus its base name; EV has no wildcard (EV Guidelines forbid it).
/// DV waits up to 45 days, OV/EV 60 (reseller auto-cancel); S/MIME Basic 45, Pro/Enterprise 60.
/// </summary>
public static class ProductCatalog
{
    public const int MultiDomainIncluded = 3;
    public const int MultiDomainMax = 100;
    public const int DvDeadlineDays = 45;
    public const int OvEvDeadlineDays = 60;

    private static readonly ValidationPlan Dv = ValidationPlan.Of(DvDeadlineDays, (DomainControl, 45));
    private static readonly ValidationPlan Ov = ValidationPlan.Of(OvEvDeadlineDays, (DomainControl, 30), (Organization, 30));
    private static readonly ValidationPlan Ev = ValidationPlan.Of(OvEvDeadlineDays, (DomainControl, 30), (Organization, 20), (EvExtraChecks, 10));

    public static IReadOnlyList<Product> All { get; } =
    [
        new("dv-single", "DV single-domain", ValidationLevel.Domain, ProductCoverage.SingleDomain, 1, 1, false, Dv),
        new("dv-multi", "DV multi-domain", ValidationLevel.Domain, ProductCoverage.MultiDomain, MultiDomainIncluded, MultiDomainMax, false, Dv),
        new("dv-wildcard", "DV wildcard", ValidationLevel.Domain, ProductCoverage.Wildcard, 2, 2, true, Dv),
        new("ov-single", "OV single-domain", ValidationLevel.Organization, ProductCoverage.SingleDomain, 1, 1, false, Ov),
        new("ov-multi", "OV multi-domain", ValidationLevel.Organization, ProductCoverage.MultiDomain, MultiDomainIncluded, MultiDomainMax, false, Ov),
        new("ov-wildcard", "OV wildcard", ValidationLevel.Organization, ProductCoverage.Wildcard, 2, 2, true, Ov),
        new("ev-single", "EV single-domain", ValidationLevel.Extended, ProductCoverage.SingleDomain, 1, 1, false, Ev),
        new("ev-multi", "EV multi-domain", ValidationLevel.Extended, ProductCoverage.MultiDomain, MultiDomainIncluded, MultiDomainMax, false, Ev),
        // S/MIME personal authentication (seed 004): Basic = email challenge; Pro adds a photo ID;
        // Enterprise = domain control of the mail domain, business identity, applicant ID and a callback.
        new("smime-basic", "Personal Authentication Basic", ValidationLevel.Mailbox, ProductCoverage.Mailbox, 1, 1, false,
            ValidationPlan.Of(DvDeadlineDays, (EmailControl, 45))),
        new("smime-pro", "Personal Authentication Pro", ValidationLevel.Individual, ProductCoverage.Mailbox, 1, 1, false,
            ValidationPlan.Of(OvEvDeadlineDays, (IdentityDocument, 30), (EmailControl, 30))),
        new("smime-enterprise", "Personal Authentication Enterprise", ValidationLevel.Sponsor, ProductCoverage.Mailbox, 1, 1, false,
            ValidationPlan.Of(OvEvDeadlineDays, (DomainControl, 15), (Organization, 20), (IdentityDocument, 15), (Callback, 10))),
    ];

    private static readonly Dictionary<string, Product> ByCode = All.ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Codes => All.Select(p => p.Code);

    public static Product? Find(string? code) => code is null ? null : ByCode.GetValueOrDefault(code.Trim());

    public static bool TryGet(string? code, out Product product)
    {
        product = Find(code)!;
        return product is not null;
    }

    public static Product Get(string code) => Find(code) ?? throw new KeyNotFoundException($"Unknown product '{code}'.");
}
