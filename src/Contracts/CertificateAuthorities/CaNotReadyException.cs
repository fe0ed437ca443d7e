namespace SslFlow.Contracts.CertificateAuthorities;

/// <summary>Marker: the CA is not there yet. Orchestrations retry on it with a policy; anything else is a real failure.</summary>
public sealed class CaNotReadyException(string message) : Exception(message);
