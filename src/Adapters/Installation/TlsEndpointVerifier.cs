using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Contracts.Installation;

namespace SslFlow.Adapters.Installation;

/// <summary>
/// <see cref="ITlsEndpointVerifier"/> with <see cref="SslStream"/>: SNI = the host name, any chain accepted (this reads
/// WHAT is served; trust is the CA's business and a private test CA must pass too), serial of the served leaf compared.
/// Retries on a wrong serial and on connection errors until the deadline on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class TlsEndpointVerifier(TlsEndpointVerifierOptions options, TimeProvider? timeProvider = null, ILogger<TlsEndpointVerifier>? logger = null)
    : ITlsEndpointVerifier
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<TlsEndpointVerifier>.Instance;

    public async Task<TlsVerification> VerifyAsync(TlsEndpoint endpoint, string expectedSerial, TimeSpan? within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedSerial);
        var deadline = _time.GetUtcNow() + (within ?? options.DefaultWithin);
        var attempts = 0;
        string? served = null;
        string? error = null;
        while (true)
        {
            attempts++;
            try
            {
                served = await ReadServedSerialAsync(endpoint, cancellationToken).ConfigureAwait(false);
                error = null;
                if (NginxInstallTarget.SameSerial(served, expectedSerial))
                {
                    _logger.LogInformation("TLS check: {Endpoint} serves serial {Serial} (attempt {Attempt})", endpoint, served, attempts);
                    return new TlsVerification(true, served, attempts, null);
                }

                error = $"{endpoint} serves serial {served}, not {expectedSerial}";
            }
            catch (Exception e) when (e is SocketException or IOException or AuthenticationException or TimeoutException)
            {
                error = $"{endpoint}: {e.Message}";
            }

            if (_time.GetUtcNow() + options.RetryInterval > deadline)
            {
                _logger.LogWarning("TLS check gave up after {Attempts} attempts: {Error}", attempts, error);
                return new TlsVerification(false, served, attempts, error);
            }

            await Task.Delay(options.RetryInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> ReadServedSerialAsync(TlsEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.AttemptTimeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(options.ConnectAddress ?? endpoint.HostName, endpoint.Port, attempt.Token).ConfigureAwait(false);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = endpoint.HostName,
                    // Reading, not trusting: the served leaf is compared by serial below.
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                attempt.Token).ConfigureAwait(false);
            using var leaf = tls.RemoteCertificate is { } remote ? new X509Certificate2(remote) : throw new AuthenticationException("No certificate was served.");
            return leaf.SerialNumber;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no TLS handshake within {options.AttemptTimeout.TotalSeconds:0} s");
        }
    }
}
