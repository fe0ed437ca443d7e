using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace SslFlow.Domain.Webhooks;

/// <summary>
/// Standard Webhooks (standardwebhooks.com), symmetric signatures: the one implementation SslFlow signs and verifies
/// with. <c>webhook-signature</c> holds one or more space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> over the bytes
/// <c>"{webhook-id}.{webhook-timestamp}.{body}"</c> (several during key rotation; other versions such as <c>v1a</c> are
/// skipped); the timestamp must be within the tolerance either way; comparison is constant-time. Replays are the
/// caller's concern (the id is the idempotency key). The clock is the caller's: the rule takes <c>now</c>.
/// </summary>
/// <remarks>
/// Ours rather than the StandardWebhooks NuGet package (1.1.2): that one signs the spec's test vector right, but reads
/// the wall clock (no <see cref="TimeProvider"/>), checks only the first of several signatures (key rotation fails),
/// throws <see cref="ArgumentNullException"/> on an empty <c>v1,</c>, takes the body as a string and needs ASP.NET Core.
/// </remarks>
public static class StandardWebhooks
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How secrets are written: <c>whsec_&lt;base64&gt;</c> (plain base64 is accepted too).</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>The spec asks for 24 to 64 random bytes.</summary>
    public const int MinSecretBytes = 24;

    public const int MaxIdLength = 200;

    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string Version = "v1,";
    private const int MacBytes = 32;

    /// <summary>The <c>webhook-signature</c> value a sender puts on <paramref name="body"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, string id, long timestamp, ReadOnlySpan<byte> body) =>
        Version + Convert.ToBase64String(Mac(secret, id, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), body));

    /// <summary>
    /// Checks a delivery's three headers against <paramref name="secrets"/> (any may match) at <paramref name="now"/>.
    /// The signed content uses the timestamp exactly as received.
    /// </summary>
    public static WebhookVerdict Verify(IReadOnlyList<byte[]> secrets, string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body,
        DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength) return WebhookVerdict.Reject(IdHeader, $"missing or longer than {MaxIdLength} characters");
        if (!long.TryParse(timestamp, out var seconds)) return WebhookVerdict.Reject(TimestampHeader, "missing or not Unix seconds");
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((now - sentAt).Duration() > tolerance) return WebhookVerdict.Reject(TimestampHeader, $"outside the {tolerance.TotalMinutes:0}-minute tolerance");
        if (string.IsNullOrEmpty(signatureHeader)) return WebhookVerdict.Reject(SignatureHeader, "missing");

        // Every candidate is compared against every secret, whatever matched before, so the time taken says nothing
        // about which part of which signature was right.
        var match = false;
        Span<byte> given = stackalloc byte[MacBytes];
        foreach (var secret in secrets)
        {
            var expected = Mac(secret, id, timestamp!, body);
            foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!part.StartsWith(Version, StringComparison.Ordinal)) continue;
                if (!Convert.TryFromBase64String(part[Version.Length..], given, out var written) || written != MacBytes) continue;
                match |= CryptographicOperations.FixedTimeEquals(expected, given);
            }
        }
        return match ? WebhookVerdict.Valid(id) : WebhookVerdict.Reject(SignatureHeader, "no signature matches");
    }

    /// <summary>
    /// A configured secret (<c>whsec_&lt;base64&gt;</c> or plain base64) as bytes. Throws <see cref="FormatException"/>
    /// for bad base64 and <see cref="ArgumentException"/> below <see cref="MinSecretBytes"/>.
    /// </summary>
    public static byte[] ParseSecret(string configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var bytes = Convert.FromBase64String(WithoutPrefix(configured));
        if (bytes.Length < MinSecretBytes) throw new ArgumentException($"Webhook secrets must be at least {MinSecretBytes} bytes.", nameof(configured));
        return bytes;
    }

    /// <summary>As <see cref="ParseSecret"/>, false instead of an exception.</summary>
    public static bool TryParseSecret(string? configured, [NotNullWhen(true)] out byte[]? secret)
    {
        secret = null;
        if (configured is null) return false;
        var raw = WithoutPrefix(configured);
        var buffer = new byte[raw.Length];
        if (!Convert.TryFromBase64String(raw, buffer, out var written) || written < MinSecretBytes) return false;
        secret = buffer[..written];
        return true;
    }

    private static string WithoutPrefix(string configured) =>
        configured.StartsWith(SecretPrefix, StringComparison.Ordinal) ? configured[SecretPrefix.Length..] : configured;

    private static byte[] Mac(ReadOnlySpan<byte> secret, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(secret, signed);
    }
}

/// <summary>A verification's outcome: the id when valid, else the header at fault and why.</summary>
public sealed record WebhookVerdict(bool IsValid, string? Id, string? Field, string? Reason)
{
    public static WebhookVerdict Valid(string id) => new(true, id, null, null);

    public static WebhookVerdict Reject(string field, string reason) => new(false, null, field, reason);
}
