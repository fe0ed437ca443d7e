using System.Text.Json.Serialization;

namespace SslFlow.AcmeClient;

// RFC 8555 §7.1 resources, only the members SslFlow reads.

public sealed record AcmeDirectory(
    [property: JsonPropertyName("newNonce")] Uri NewNonce,
    [property: JsonPropertyName("newAccount")] Uri NewAccount,
    [property: JsonPropertyName("newOrder")] Uri NewOrder,
    [property: JsonPropertyName("revokeCert")] Uri? RevokeCert,
    [property: JsonPropertyName("renewalInfo")] Uri? RenewalInfo,
    [property: JsonPropertyName("meta")] AcmeDirectoryMeta? Meta)
{
    /// <summary>Key rollover endpoint (§7.3.5); null when the CA has none.</summary>
    [JsonPropertyName("keyChange")]
    public Uri? KeyChange { get; init; }
}

public sealed record AcmeDirectoryMeta(
    [property: JsonPropertyName("externalAccountRequired")] bool? ExternalAccountRequired,
    [property: JsonPropertyName("profiles")] Dictionary<string, string>? Profiles)
{
    [JsonPropertyName("termsOfService")]
    public Uri? TermsOfService { get; init; }

    [JsonPropertyName("caaIdentities")]
    public List<string>? CaaIdentities { get; init; }
}

public sealed record AcmeIdentifier([property: JsonPropertyName("type")] string Type, [property: JsonPropertyName("value")] string Value);

public sealed record AcmeOrder(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("identifiers")] List<AcmeIdentifier> Identifiers,
    [property: JsonPropertyName("authorizations")] List<Uri> Authorizations,
    [property: JsonPropertyName("finalize")] Uri Finalize,
    [property: JsonPropertyName("certificate")] Uri? Certificate,
    [property: JsonPropertyName("error")] AcmeProblem? Error)
{
    [JsonIgnore]
    public Uri? Location { get; init; }
}

public sealed record AcmeAuthorization(
    [property: JsonPropertyName("identifier")] AcmeIdentifier Identifier,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("challenges")] List<AcmeChallenge> Challenges,
    [property: JsonPropertyName("wildcard")] bool? Wildcard);

public sealed record AcmeChallenge(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("url")] Uri Url,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error")] AcmeProblem? Error);

/// <summary>RFC 7807 problem document as ACME uses it (§6.7).</summary>
public sealed record AcmeProblem(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("subproblems")] List<AcmeProblem>? Subproblems,
    [property: JsonPropertyName("identifier")] AcmeIdentifier? Identifier)
{
    public const string Prefix = "urn:ietf:params:acme:error:";

    /// <summary>The short name, e.g. "badNonce", "rateLimited".</summary>
    public string Kind => Type is { } t && t.StartsWith(Prefix, StringComparison.Ordinal) ? t[Prefix.Length..] : Type ?? "unknown";

    public override string ToString()
    {
        var sub = Subproblems is { Count: > 0 } s ? " (" + string.Join("; ", s.Select(p => $"{p.Identifier?.Value}: {p.Detail}")) + ")" : "";
        return $"{Kind}: {Detail}{sub}";
    }
}
