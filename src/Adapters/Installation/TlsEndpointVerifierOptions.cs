namespace SslFlow.Adapters.Installation;

public sealed class TlsEndpointVerifierOptions
{
    /// <summary>Connect here instead of resolving the host name (e.g. 127.0.0.1 for a local nginx); SNI is still the name.</summary>
    public string? ConnectAddress { get; set; }

    /// <summary>How long to keep trying when the caller gives no deadline.</summary>
    public TimeSpan DefaultWithin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Pause between attempts (a reload, a Key Vault sync, DNS, a CDN edge).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>One connect + handshake.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
