namespace SslFlow.Domain.Names;

/// <summary>Either a normalised name (lower-case A-labels, no trailing dot) or the reason it was refused.</summary>
public sealed record DomainNameResult(string? Name, string? Error, bool IsWildcard = false, string? RegistrableDomain = null)
{
    public bool IsValid => Error is null;

    /// <summary>The name without its <c>*.</c> label (the name itself when not a wildcard).</summary>
    public string? BaseName => Name is null ? null : IsWildcard ? Name[2..] : Name;

    public static DomainNameResult Refused(string reason) => new(null, reason);
}
