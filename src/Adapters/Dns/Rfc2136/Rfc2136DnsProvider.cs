using System.Net;
using System.Security.Cryptography;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using SslFlow.Contracts.Challenges;

namespace SslFlow.Adapters.Dns.Rfc2136;

/// <summary>Where and how to send RFC 2136 updates for some zones.</summary>
public sealed class Rfc2136Options
{
    /// <summary>The primary name server: an IP address or host name, optionally <c>:port</c> (default 53).</summary>
    public string Server { get; set; } = "";

    /// <summary>The TSIG key's name as the server knows it (RFC 8945).</summary>
    public string TsigKeyName { get; set; } = "";

    /// <summary><c>hmac-sha256</c> (default), <c>hmac-sha384</c>, <c>hmac-sha512</c>, <c>hmac-sha224</c>; MD5 and SHA-1 are refused.</summary>
    public string TsigAlgorithm { get; set; } = "hmac-sha256";

    /// <summary>Base64 key (a secret: from Key Vault or user secrets, never logged).</summary>
    public string TsigSecret { get; set; } = "";

    /// <summary>TTL of the TXT records written (seconds); short, as the CA reads them minutes later and they are removed after.</summary>
    public int Ttl { get; set; } = 60;
}

/// <summary>
/// RFC 2136 dynamic update signed with TSIG (RFC 8945), the way BIND, Knot, PowerDNS and Windows DNS accept changes:
/// one UPDATE message per change to the zone's primary, with the zone in the zone section and an "add an RR to an RRset"
/// (§2.5.1) or "delete an RR from an RRset" (§2.5.4) entry. Both are idempotent by the RFC: adding an RR that exists, or
/// deleting one that does not, is a no-op answered NOERROR (§3.4.2.2, §3.4.2.4). Any other answer (NOTAUTH for a bad key
/// or a zone the key may not change, REFUSED, NOTZONE) is an error naming the zone, the server and the code.
/// </summary>
public sealed class Rfc2136DnsProvider : IDnsProvider
{
    private readonly Rfc2136Options _options;
    private readonly TSigAlgorithm _algorithm;
    private readonly byte[] _secret;

    public Rfc2136DnsProvider(string name, IReadOnlyCollection<string> zones, Rfc2136Options options)
    {
        Name = name;
        Zones = zones;
        _options = options;
        if (string.IsNullOrWhiteSpace(options.Server)) throw new InvalidOperationException($"DNS provider '{name}': Server is required.");
        if (string.IsNullOrWhiteSpace(options.TsigKeyName)) throw new InvalidOperationException($"DNS provider '{name}': TsigKeyName is required.");
        _algorithm = options.TsigAlgorithm.Trim().ToLowerInvariant() switch
        {
            "hmac-sha256" => TSigAlgorithm.Sha256,
            "hmac-sha384" => TSigAlgorithm.Sha384,
            "hmac-sha512" => TSigAlgorithm.Sha512,
            "hmac-sha224" => TSigAlgorithm.Sha224,
            var other => throw new InvalidOperationException($"DNS provider '{name}': TsigAlgorithm '{other}' is not accepted; use hmac-sha256, hmac-sha384 or hmac-sha512."),
        };
        try
        {
            _secret = Convert.FromBase64String(options.TsigSecret);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"DNS provider '{name}': TsigSecret is not base64.");
        }
        if (_secret.Length < 16) throw new InvalidOperationException($"DNS provider '{name}': TsigSecret is shorter than 16 bytes.");
    }

    public string Name { get; }

    public IReadOnlyCollection<string> Zones { get; }

    public Task AddTxtAsync(string zone, string name, string value, CancellationToken cancellationToken) =>
        SendAsync(zone, new AddRecordUpdate(new TxtRecord(DomainName.Parse(name), _options.Ttl, value)), cancellationToken);

    public Task RemoveTxtAsync(string zone, string name, string value, CancellationToken cancellationToken) =>
        // The TTL of a delete is ignored by the server (§2.5.4 sends 0).
        SendAsync(zone, new DeleteRecordUpdate(new TxtRecord(DomainName.Parse(name), 0, value)), cancellationToken);

    private async Task SendAsync(string zone, UpdateBase update, CancellationToken cancellationToken)
    {
        var (address, port) = await ResolveServerAsync(cancellationToken);
        var message = new DnsUpdateMessage { ZoneName = DomainName.Parse(zone), TransactionID = (ushort)RandomNumberGenerator.GetInt32(1, ushort.MaxValue) };
        message.Updates.Add(update);
        // Fudge 300 s as RFC 8945 §5.2.3 recommends; the server checks the time signed against its clock.
        message.TSigOptions = new TSigRecord(DomainName.Parse(_options.TsigKeyName), _algorithm, DateTime.UtcNow, TimeSpan.FromSeconds(300), message.TransactionID,
            ReturnCode.NoError, null, _secret);
        var client = new DnsClient([address], [new UdpClientTransport(port), new TcpClientTransport(port)], disposeTransport: true, queryTimeout: 10_000);
        var answer = await client.SendUpdateAsync(message, cancellationToken)
            ?? throw new TimeoutException($"DNS provider '{Name}': {address}:{port} did not answer the update of zone {zone}.");
        if (answer.ReturnCode != ReturnCode.NoError)
            throw new InvalidOperationException($"DNS provider '{Name}': {address}:{port} refused the update of zone {zone}: {answer.ReturnCode}"
                + (answer.ReturnCode == ReturnCode.NotAuthoritive ? " (the TSIG key is wrong or may not update this zone)." : "."));
    }

    private async Task<(IPAddress Address, int Port)> ResolveServerAsync(CancellationToken cancellationToken)
    {
        var server = _options.Server.Trim();
        var port = 53;
        var colon = server.LastIndexOf(':');
        if (colon > 0 && !server.Contains("::", StringComparison.Ordinal) && int.TryParse(server[(colon + 1)..], out var p))
        {
            port = p;
            server = server[..colon];
        }
        if (IPAddress.TryParse(server.Trim('[', ']'), out var ip)) return (ip, port);
        var addresses = await System.Net.Dns.GetHostAddressesAsync(server, cancellationToken);
        return (addresses.FirstOrDefault() ?? throw new InvalidOperationException($"DNS provider '{Name}': '{server}' has no address."), port);
    }
}
