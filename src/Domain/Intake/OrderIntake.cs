using SslFlow.Domain.Csr;
using SslFlow.Domain.Names;
using SslFlow.Domain.Products;
using SslFlow.Domain.Rules;
using SslFlow.Domain.Keys;

namespace SslFlow.Domain.Intake;

/// <summary>
/// Validates an HTTP order request against the product, name, DCV, date and CSR rules and returns a normalised
/// <see cref="OrderSpec"/> or every field error at once (field names such as <c>domains[2]</c>, <c>dcvMethod</c>, <c>csr</c>).
/// The date is the day the order is taken (UTC); pass the clock's date, never read it here.
/// Choices: with no dcvMethod, an order with a wildcard name is dns-01 for every name, other orders <see cref="OrderIntakeOptions.DefaultDcvMethod"/>;
/// email DCV uses one approver address, which must be a constructed address valid for every name's registrable domain.
/// </summary>
public static class OrderIntake
{
    /// <summary>S/MIME BR maximum validity (825 days); the TLS limit comes from <see cref="BaselineRequirements"/>.</summary>
    public const int SmimeMaxValidityDays = 825;

    public static OrderIntakeResult Validate(OrderRequest? request, DateOnly today, OrderIntakeOptions? options = null, PublicSuffixList? psl = null)
    {
        options ??= OrderIntakeOptions.Default;
        psl ??= PublicSuffixList.Default;
        var errors = new List<ValidationError>();
        var warnings = new List<string>();
        if (request is null) return Fail(new ValidationError("body", "A request body is required."));

        var product = ProductCatalog.Find(request.ProductCode);
        if (product is null)
        {
            errors.Add(new("productCode", string.IsNullOrWhiteSpace(request.ProductCode)
                ? $"A product code is required. Known: {string.Join(", ", ProductCatalog.Codes)}."
                : $"Unknown product '{request.ProductCode}'. Known: {string.Join(", ", ProductCatalog.Codes)}."));
        }

        DcvMethod? explicitMethod = null;
        if (request.DcvMethod is not null)
        {
            if (DcvMethods.TryParse(request.DcvMethod, out var m)) explicitMethod = m;
            else errors.Add(new("dcvMethod", $"Unknown method '{request.DcvMethod}'. Use http-01, dns-01 or email."));
        }

        string? contact = null;
        if (!string.IsNullOrWhiteSpace(request.ContactEmail))
        {
            var (address, error) = EmailAddresses.Normalise(request.ContactEmail, publicDomain: false);
            if (error is not null) errors.Add(new("contactEmail", error));
            contact = address;
        }
        else if (options.RequireContactEmail) errors.Add(new("contactEmail", "A contact email address is required."));

        if (product is null) return Fail(errors.ToArray());

        var names = new List<OrderName>();
        string? mailbox = null;
        string? approver = null;
        var method = explicitMethod ?? options.DefaultDcvMethod;
        if (product.IsTls)
        {
            if (!string.IsNullOrWhiteSpace(request.Mailbox)) errors.Add(new("mailbox", "A mailbox is only for S/MIME products."));
            approver = ValidateNames(request, product, explicitMethod, today, options, psl, names, errors, warnings);
        }
        else
        {
            method = DcvMethod.Email;
            if (request.Domains is { Count: > 0 }) errors.Add(new("domains", "S/MIME products certify a mailbox; leave domains empty and set mailbox."));
            if (explicitMethod is { } chosen && chosen != DcvMethod.Email)
            {
                if (product.Level == ValidationLevel.Sponsor) method = chosen; // Enterprise proves control of the mail domain
                else errors.Add(new("dcvMethod", "This S/MIME product validates the mailbox by an email challenge; use 'email' or omit dcvMethod."));
            }
            var (address, error) = EmailAddresses.Normalise(request.Mailbox, publicDomain: true, new DomainNameOptions(AllowTestNames: options.AllowTestNames));
            if (error is not null) errors.Add(new("mailbox", error));
            mailbox = address;
            if (request.ExtraSans != 0) errors.Add(new("extraSans", "Extra SANs are only sold with multi-domain products."));
        }

        var key = ValidateKey(request, options, errors);

        if (errors.Count > 0) return Fail(errors.ToArray());
        var maxDays = product.IsTls ? BaselineRequirements.MaxValidityDays(today) : SmimeMaxValidityDays;
        // With no method chosen, one wildcard makes the whole order dns-01: the CA validates an order by one method, and
        // http-01 cannot validate a wildcard (a per-name choice left the order itself on http-01, and the CA refused it).
        if (explicitMethod is null && names.Any(n => n.IsWildcard)) method = DcvMethod.Dns01;
        var spec = new OrderSpec(product, names, explicitMethod ?? method, approver, contact, mailbox, key,
            Math.Max(0, request.ExtraSans), maxDays, warnings.Distinct().ToArray());
        return new OrderIntakeResult(spec, []);
    }

    private static string? ValidateNames(OrderRequest request, Product product, DcvMethod? explicitMethod, DateOnly today,
        OrderIntakeOptions options, PublicSuffixList psl, List<OrderName> names, List<ValidationError> errors, List<string> warnings)
    {
        if (request.Domains is null || request.Domains.Count == 0)
        {
            errors.Add(new("domains", "At least one domain name is required."));
            return null;
        }
        // Past this many raw entries the request is abusive; refuse before doing per-name work.
        if (request.Domains.Count > product.MaxNames * 2 + 10)
        {
            errors.Add(new("domains", $"{request.Domains.Count} names given; product '{product.Code}' covers at most {product.MaxNames}."));
            return null;
        }

        var nameOptions = new DomainNameOptions(product.AllowsWildcard, options.AllowTestNames);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var approverRaw = request.ApproverEmail;
        string? approver = null;
        var approverFailed = false;
        var nameErrors = false;
        var anyWildcard = request.Domains.Any(d => d?.TrimStart().StartsWith('*') == true);
        for (var i = 0; i < request.Domains.Count; i++)
        {
            var raw = request.Domains[i];
            var field = $"domains[{i}]";
            if (!product.AllowsWildcard && raw?.TrimStart().StartsWith('*') == true)
            {
                errors.Add(new(field, $"'{raw.Trim()}' is a wildcard name; product '{product.Code}' does not cover wildcards (use a -wildcard product)."));
                nameErrors = true;
                continue;
            }
            var result = DomainNames.Normalise(raw, nameOptions, psl);
            if (!result.IsValid)
            {
                errors.Add(new(field, result.Error!));
                nameErrors = true;
                continue;
            }
            if (!seen.Add(result.Name!)) continue; // duplicates (after normalisation) are dropped silently

            var method = explicitMethod ?? (anyWildcard ? DcvMethod.Dns01 : options.DefaultDcvMethod);
            if (DcvMethods.RefusalFor(method, result.Name!) is { } refusal) errors.Add(new("dcvMethod", $"{refusal} ({field} '{result.Name}')"));

            string? nameApprover = null;
            if (method == DcvMethod.Email && !approverFailed)
            {
                var check = ApproverEmailOptions.Check(approverRaw, result.Name!, today, psl);
                if (check.Error is not null)
                {
                    errors.Add(new(today >= BaselineRequirements.ConstructedEmailProhibitedFrom ? "dcvMethod" : "approverEmail",
                        check.Error));
                    approverFailed = true;
                }
                else
                {
                    nameApprover = approver = approverRaw!.Trim().ToLowerInvariant();
                    if (check.Warning is not null) warnings.Add(check.Warning);
                }
            }
            indexOf[result.Name!] = i;
            names.Add(new OrderName(result.Name!, result.IsWildcard, result.RegistrableDomain!, method, nameApprover));
        }
        if (explicitMethod != DcvMethod.Email && !string.IsNullOrWhiteSpace(approverRaw))
            errors.Add(new("approverEmail", "An approver email is only used with dcvMethod 'email'."));
        if (!nameErrors) CheckCoverage(request, product, names, indexOf, errors);
        return approver;
    }

    private static void CheckCoverage(OrderRequest request, Product product, List<OrderName> names, Dictionary<string, int> indexOf, List<ValidationError> errors)
    {
        if (product.Coverage != ProductCoverage.MultiDomain && request.ExtraSans != 0)
            errors.Add(new("extraSans", "Extra SANs are only sold with multi-domain products."));
        switch (product.Coverage)
        {
            case ProductCoverage.SingleDomain when names.Count > 1:
                errors.Add(new("domains", $"Product '{product.Code}' covers one name; {names.Count} different names were given. Use a multi-domain product."));
                break;
            case ProductCoverage.Wildcard:
            {
                var wildcards = names.Where(n => n.IsWildcard).ToList();
                if (wildcards.Count != 1)
                {
                    errors.Add(new("domains", $"Product '{product.Code}' covers exactly one wildcard name ('*.example.com'); {wildcards.Count} were given."));
                    break;
                }
                var baseName = wildcards[0].Name[2..];
                foreach (var other in names.Where(n => !n.IsWildcard && n.Name != baseName))
                    errors.Add(new($"domains[{indexOf[other.Name]}]", $"A wildcard certificate for '{wildcards[0].Name}' can add only '{baseName}', not '{other.Name}'."));
                break;
            }
            case ProductCoverage.MultiDomain:
                if (request.ExtraSans < 0) errors.Add(new("extraSans", "Extra SANs cannot be negative."));
                else if (request.ExtraSans > product.MaxExtraNames)
                    errors.Add(new("extraSans", $"At most {product.MaxExtraNames} extra SANs can be bought for '{product.Code}' ({product.MaxNames} names in all)."));
                else if (names.Count > product.IncludedNames + request.ExtraSans)
                {
                    var missing = names.Count - product.IncludedNames - request.ExtraSans;
                    errors.Add(new("domains", names.Count > product.MaxNames
                        ? $"{names.Count} names given; '{product.Code}' covers at most {product.MaxNames}."
                        : $"{names.Count} names given; '{product.Code}' includes {product.IncludedNames} and {request.ExtraSans} extra SANs were bought. Buy {missing} more."));
                }
                break;
        }
    }

    /// <summary>Customer CSRs are refused here: the key pair is made inside the vault so the private key never leaves it, and a CSR would bypass that.</summary>
    public const string CustomerCsrRefusal = "Customer CSRs are not accepted: SslFlow makes the key pair inside the vault. Omit 'csr' and choose 'keyAlgorithm'.";

    private static KeyAlgorithm? ValidateKey(OrderRequest request, OrderIntakeOptions options, List<ValidationError> errors)
    {
        if (request.Csr is not null) errors.Add(new("csr", CustomerCsrRefusal));
        if (string.IsNullOrWhiteSpace(request.KeyAlgorithm)) return options.DefaultKey;
        if (KeyAlgorithms.TryParse(request.KeyAlgorithm, out var key)) return key;
        errors.Add(new("keyAlgorithm", KeyAlgorithms.Unknown(request.KeyAlgorithm)));
        return null;
    }

    private static OrderIntakeResult Fail(params ValidationError[] errors) => new(null, errors);
}
