using System.Collections.Frozen;

namespace SslFlow.SandboxCa;

/// <summary>
/// The ISO 3166-1 alpha-2 codes officially assigned (249, as the ISO 3166 Maintenance Agency lists them; the last
/// additions were SS South Sudan and BQ, CW, SX in 2011), written out here for the sandbox alone: a CA checks the
/// country of a subject with its own list, so a client whose list is wrong is caught. Exceptionally reserved codes
/// (UK, EU, AC, …), transitionally reserved ones (AN, CS, …) and the user-assigned ranges (AA, QM–QZ, XA–XZ, ZZ) are
/// not assigned and are refused, as the Baseline Requirements (7.1.4.2.2) and EV Guidelines (9.2.4) ask.
/// </summary>
public static class CountryCodes
{
    // One row per first letter, so a missing or extra code is easy to see against the standard's table.
    private static readonly string[] ByFirstLetter =
    [
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ",
        "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ",
        "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ",
        "DE DJ DK DM DO DZ",
        "EC EE EG EH ER ES ET",
        "FI FJ FK FM FO FR",
        "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY",
        "HK HM HN HR HT HU",
        "ID IE IL IM IN IO IQ IR IS IT",
        "JE JM JO JP",
        "KE KG KH KI KM KN KP KR KW KY KZ",
        "LA LB LC LI LK LR LS LT LU LV LY",
        "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ",
        "NA NC NE NF NG NI NL NO NP NR NU NZ",
        "OM",
        "PA PE PF PG PH PK PL PM PN PR PS PT PW PY",
        "QA",
        "RE RO RS RU RW",
        "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ",
        "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ",
        "UA UG UM US UY UZ",
        "VA VC VE VG VI VN VU",
        "WF WS",
        "YE YT",
        "ZA ZM ZW",
    ];

    public static readonly FrozenSet<string> Assigned =
        ByFirstLetter.SelectMany(row => row.Split(' ')).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for an upper-case assigned code.</summary>
    public static bool IsAssigned(string? code) => code is { Length: 2 } && Assigned.Contains(code);
}
