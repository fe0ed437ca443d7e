namespace SslFlow.Contracts.Caas;

/// <summary>
/// The CaaS providers this host has, by name. A host without any (the Functions app until a commercial CA's EAB API has an
/// adapter) still resolves the CaaS activities; a call then fails with a clear message instead of at start-up.
/// </summary>
public sealed class CaasProviders(IEnumerable<ICaasProvider> providers)
{
    private readonly Dictionary<string, ICaasProvider> _byName = providers.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public ICaasProvider Get(string name) =>
        _byName.TryGetValue(name, out var provider) ? provider : throw new InvalidOperationException($"No CaaS provider '{name}' is configured on this host.");
}
