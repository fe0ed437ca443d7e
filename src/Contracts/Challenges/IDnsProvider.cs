namespace SslFlow.Contracts.Challenges;

/// <summary>
/// A DNS provider SslFlow writes dns-01 answers to: one TXT value at a name inside a zone it serves. Names are absolute,
/// lower case, without the trailing dot. Adding keeps the other values of the record set (a wildcard and its base name
/// share <c>_acme-challenge.{base}</c>, RFC 8555 §8.4); both calls are idempotent (activities run at least once).
/// </summary>
public interface IDnsProvider
{
    /// <summary>What the settings call it (for messages and logs; never a credential).</summary>
    string Name { get; }

    /// <summary>The zones this provider writes to.</summary>
    IReadOnlyCollection<string> Zones { get; }

    Task AddTxtAsync(string zone, string name, string value, CancellationToken cancellationToken);

    /// <summary>Removes this value only; a missing value or record set is fine.</summary>
    Task RemoveTxtAsync(string zone, string name, string value, CancellationToken cancellationToken);
}

/// <summary>A zone served by a provider.</summary>
public sealed record DnsZoneMatch(string Zone, IDnsProvider Provider);

/// <summary>
/// The zones SslFlow may write to, each with its provider (from <c>SslFlow:Dns:Zones</c>), and which accounts may have
/// records written in which zones (<c>SslFlow:Dns:Accounts:{account}:Zones</c>; an account with none listed may use none).
/// </summary>
public sealed class DnsZones
{
    private readonly Dictionary<string, IDnsProvider> _byZone = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _allowed = new(StringComparer.Ordinal);

    public DnsZones(IEnumerable<IDnsProvider> providers, IReadOnlyDictionary<string, IReadOnlyList<string>>? accountZones = null)
    {
        foreach (var provider in providers)
        {
            foreach (var zone in provider.Zones)
            {
                if (!_byZone.TryAdd(Normalise(zone), provider)) throw new InvalidOperationException($"Zone '{zone}' is configured twice.");
            }
        }
        foreach (var (account, zones) in accountZones ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            _allowed[account] = new HashSet<string>(zones.Select(Normalise), StringComparer.OrdinalIgnoreCase);
        }
    }

    public static DnsZones None { get; } = new([]);

    public IReadOnlyCollection<string> All => _byZone.Keys;

    /// <summary>The zone that holds <paramref name="name"/>: the longest configured zone that is the name or a parent of it.</summary>
    public DnsZoneMatch? Find(string name)
    {
        var labels = Normalise(name);
        while (true)
        {
            if (_byZone.TryGetValue(labels, out var provider)) return new DnsZoneMatch(labels, provider);
            var dot = labels.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0) return null;
            labels = labels[(dot + 1)..];
        }
    }

    /// <summary>Whether records of this account's orders may be written in <paramref name="zone"/>.</summary>
    public bool Allows(string account, string zone) => _allowed.TryGetValue(account, out var zones) && zones.Contains(Normalise(zone));

    public static string Normalise(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
