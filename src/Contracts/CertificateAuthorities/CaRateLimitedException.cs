using System.Globalization;

namespace SslFlow.Contracts.CertificateAuthorities;

/// <summary>
/// The CA asked us to come back later (ACME <c>rateLimited</c> with <c>Retry-After</c>, HTTP 429/503). Not a failure of
/// the order: the orchestration turns it into a durable wait and tries again. Only the type name and message cross the
/// activity boundary (as in Durable's failure details), so the time travels in the message: <see cref="TryParseRetryAt"/>.
/// </summary>
public sealed class CaRateLimitedException(DateTimeOffset retryAt, string detail)
    : Exception($"{detail} (retry-at={retryAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)})")
{
    private const string Marker = "(retry-at=";

    public DateTimeOffset RetryAt { get; } = retryAt;

    /// <summary>Reads the retry time back from a failure message.</summary>
    public static bool TryParseRetryAt(string? message, out DateTimeOffset retryAt)
    {
        retryAt = default;
        var start = message?.LastIndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (start < 0) return false;
        var text = message![(start + Marker.Length)..].TrimEnd(')');
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out retryAt);
    }
}
