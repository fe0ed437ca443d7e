using System.Text.Json;

namespace SslFlow.Cli.Models;

/// <summary>An organization profile as the API shows it; the organization and contacts are kept as sent, for printing and <c>--json</c>.</summary>
public sealed record ProfileDto(string Id, string Name, string AccountId, JsonElement Organization, JsonElement? Contacts, ProfileVettingDto? Vetting,
    IReadOnlyList<string>? OrderIds, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt);

public sealed record ProfileVettingDto(string Level, DateOnly VettedOn, string? CaName, string? CaReference, DateOnly ReusableUntil);

public sealed record ProfileListDto(IReadOnlyList<ProfileDto>? Items, string? NextPageToken);
