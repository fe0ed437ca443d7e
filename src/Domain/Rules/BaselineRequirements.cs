namespace SslFlow.Domain.Rules;

/// <summary>
/// CA/Browser Forum Baseline Requirements date rules (ballots SC-080, SC-081, SC-090), always with the date as input so
/// orchestrations stay deterministic and tests can sit on each boundary. Dates are UTC calendar days; a rule "from D"
/// applies on D itself.
/// </summary>
public static class BaselineRequirements
{
    /// <summary>SC-081 step 1: 200-day certificates and DCV reuse; OV/EV identity reuse 398 days.</summary>
    public static readonly DateOnly Step200Days = new(2026, 3, 15);
    /// <summary>SC-081 step 2: 100-day certificates and DCV reuse.</summary>
    public static readonly DateOnly Step100Days = new(2027, 3, 15);
    /// <summary>SC-081 step 3: 47-day certificates, 10-day DCV reuse.</summary>
    public static readonly DateOnly Step47Days = new(2029, 3, 15);
    /// <summary>SC-080: email/phone to the WHOIS domain contact (BR 3.2.2.4.2) is prohibited from this day.</summary>
    public static readonly DateOnly WhoisEmailProhibitedFrom = new(2025, 7, 15);
    /// <summary>Constructed-address email (BR 3.2.2.4.4) is still allowed but offered with a warning from this day.</summary>
    public static readonly DateOnly ConstructedEmailDiscouragedFrom = new(2026, 3, 15);
    /// <summary>SC-090: constructed-address email is refused from this day.</summary>
    public static readonly DateOnly ConstructedEmailProhibitedFrom = new(2028, 3, 15);

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>Maximum TLS certificate validity for a certificate issued on <paramref name="issuedOn"/>: 398/200/100/47 days.</summary>
    public static int MaxValidityDays(DateOnly issuedOn) =>
        issuedOn < Step200Days ? 398 : issuedOn < Step100Days ? 200 : issuedOn < Step47Days ? 100 : 47;

    /// <summary>How long a domain validation may be reused for issuance on <paramref name="issuedOn"/>: 398/200/100/10 days.</summary>
    public static int DcvReuseDays(DateOnly issuedOn) =>
        issuedOn < Step200Days ? 398 : issuedOn < Step100Days ? 200 : issuedOn < Step47Days ? 100 : 10;

    /// <summary>How long OV/EV organization identity data may be reused: 825 days, 398 from 2026-03-15.</summary>
    public static int IdentityReuseDays(DateOnly issuedOn) => issuedOn < Step200Days ? 825 : 398;

    /// <summary>True when a validation done on <paramref name="validatedOn"/> still covers issuance on <paramref name="issuedOn"/>.</summary>
    public static bool IsDcvReusable(DateOnly validatedOn, DateOnly issuedOn) =>
        validatedOn <= issuedOn && validatedOn.AddDays(DcvReuseDays(issuedOn)) >= issuedOn;

    public static bool IsIdentityReusable(DateOnly validatedOn, DateOnly issuedOn) =>
        validatedOn <= issuedOn && validatedOn.AddDays(IdentityReuseDays(issuedOn)) >= issuedOn;

    /// <summary>
    /// The latest notAfter for a certificate whose notBefore is given. The BR count the validity period inclusively
    /// (notBefore to notAfter, both seconds included), hence one second less than the full days.
    /// </summary>
    public static DateTimeOffset MaxNotAfter(DateTimeOffset notBefore) =>
        notBefore.AddDays(MaxValidityDays(DayOf(notBefore))).AddSeconds(-1);

    /// <summary>True when a requested lifetime is within the limit for issuance on that day.</summary>
    public static bool IsValidityAllowed(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notAfter > notBefore && notAfter <= MaxNotAfter(notBefore);
}
