using System.Security.Cryptography;
using System.Text;

namespace SslFlow.Application.Webhooks;

/// <summary>
/// Standard Webhooks verification: <c>webhook-signature</c> holds one or more <c>v1,&lt;base64 HMAC-SHA256&gt;</c>
/// over <c>"{webhook-id}.{webhook-timestamp}.{body}"</c> (several for key rotation); the timestamp must be within
/// the tolerance; comparison is constant-time. Replays are the caller's concern (the id is the idempotency key).
/// </summary>
public sealed class WebhookVerifier(TimeProvider time, TimeSpan? tolerance = null)
{
    public const int MinSecretBytes = 24;
    private readonly TimeSpan _tolerance = tolerance ?? TimeSpan.FromMinutes(5);

    public WebhookVerdict Verify(IReadOnlyList<byte[]> secrets, string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 200) return WebhookVerdict.Reject("webhook-id", "missing or longer than 200 characters");
        if (!long.TryParse(timestamp, out var seconds)) return WebhookVerdict.Reject("webhook-timestamp", "missing or not Unix seconds");
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((time.GetUtcNow() - sentAt).Duration() > _tolerance) return WebhookVerdict.Reject("webhook-timestamp", $"outside the {_tolerance.TotalMinutes:0}-minute tolerance");
        if (string.IsNullOrEmpty(signatureHeader)) return WebhookVerdict.Reject("webhook-signature", "missing");

        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var match = false;
        foreach (var secret in secrets)
        {
            var expected = HMACSHA256.HashData(secret, signed);
            foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!part.StartsWith("v1,", StringComparison.Ordinal)) continue;
                var given = new byte[32];
                if (!Convert.TryFromBase64String(part[3..], given, out var written) || written != 32) continue;
                match |= CryptographicOperations.FixedTimeEquals(expected, given);
            }
        }
        return match ? WebhookVerdict.Valid(id) : WebhookVerdict.Reject("webhook-signature", "no signature matches");
    }

    /// <summary>Signs as a sender does (the sandbox CA and tests use it).</summary>
    public static string Sign(byte[] secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(secret, signed));
    }

    /// <summary>Secrets are configured as <c>whsec_&lt;base64&gt;</c> (Standard Webhooks) or plain base64; at least 24 bytes.</summary>
    public static byte[] ParseSecret(string configured)
    {
        var raw = configured.StartsWith("whsec_", StringComparison.Ordinal) ? configured[6..] : configured;
        var bytes = Convert.FromBase64String(raw);
        if (bytes.Length < MinSecretBytes) throw new ArgumentException($"Webhook secrets must be at least {MinSecretBytes} bytes.", nameof(configured));
        return bytes;
    }
}

public sealed record WebhookVerdict(bool IsValid, string? Id, string? Field, string? Reason)
{
    public static WebhookVerdict Valid(string id) => new(true, id, null, null);

    public static WebhookVerdict Reject(string field, string reason) => new(false, null, field, reason);
}
