namespace SslFlow.Contracts.CertificateAuthorities;

/// <summary>The CA refused or invalidated the order (DCV failed, names rejected): the order ends in ACTIVATION ERROR.</summary>
public sealed class CaOrderFailedException(string reason) : Exception(reason);
