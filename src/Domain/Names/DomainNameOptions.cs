namespace SslFlow.Domain.Names;

/// <summary>
/// Switches for <see cref="DomainNames.Normalise"/>. <see cref="AllowTestNames"/> admits names under the reserved
/// <c>.test</c> TLD (RFC 6761) for the local host, its demo and tests; it is off by default because no public CA can
/// issue for them.
/// </summary>
public sealed record DomainNameOptions(bool AllowWildcard = false, bool AllowTestNames = false)
{
    public static DomainNameOptions Default { get; } = new();
}
