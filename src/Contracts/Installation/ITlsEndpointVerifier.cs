namespace SslFlow.Contracts.Installation;

/// <summary>
/// Checks on the wire which certificate a host serves: connects with SNI = <see cref="TlsEndpoint.HostName"/>, reads
/// the leaf and compares its serial; retries until the deadline (a reload or a Key Vault sync takes a while). It checks
/// WHAT is served, not whether a client would trust it.
/// </summary>
public interface ITlsEndpointVerifier
{
    /// <param name="within">How long to keep trying; null = the adapter's configured default.</param>
    Task<TlsVerification> VerifyAsync(TlsEndpoint endpoint, string expectedSerial, TimeSpan? within, CancellationToken cancellationToken);
}

/// <summary>A TLS endpoint by the name clients use (sent as SNI) and port.</summary>
public sealed record TlsEndpoint(string HostName, int Port = 443)
{
    public override string ToString() => Port == 443 ? HostName : $"{HostName}:{Port}";
}

/// <summary>
/// The last look: <paramref name="Matches"/> when the served leaf had the expected serial; otherwise the serial seen
/// (null when no handshake succeeded) and the last error.
/// </summary>
public sealed record TlsVerification(bool Matches, string? ServedSerial, int Attempts, string? Error);
