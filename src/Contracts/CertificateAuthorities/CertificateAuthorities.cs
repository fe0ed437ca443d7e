namespace SslFlow.Contracts.CertificateAuthorities;

/// <summary>The configured CAs by name.</summary>
public sealed class CertificateAuthorities(IEnumerable<ICertificateAuthority> authorities)
{
    private readonly Dictionary<string, ICertificateAuthority> _byName = authorities.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);

    public ICertificateAuthority Get(string name) =>
        _byName.TryGetValue(name, out var ca) ? ca : throw new InvalidOperationException($"No certificate authority named '{name}' is configured.");

    public IReadOnlyCollection<string> Names => _byName.Keys;
}
