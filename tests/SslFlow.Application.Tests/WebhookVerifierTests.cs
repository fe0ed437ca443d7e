using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Application.Webhooks;
using SslFlow.Domain.Webhooks;

namespace SslFlow.Application.Tests;

public sealed class WebhookVerifierTests
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"dcv.completed","caReference":"SB-1"}""");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public void A_correctly_signed_fresh_webhook_is_valid()
    {
        var signature = StandardWebhooks.Sign(Secret, "msg_1", Now, Body);
        var verdict = new WebhookVerifier(_time).Verify([Secret], "msg_1", Now.ToString(), signature, Body);
        Assert.True(verdict.IsValid);
        Assert.Equal("msg_1", verdict.Id);
    }

    [Fact]
    public void Any_of_several_signatures_may_match_during_key_rotation()
    {
        var old = RandomNumberGenerator.GetBytes(32);
        var header = StandardWebhooks.Sign(old, "msg_2", Now, Body) + " " + StandardWebhooks.Sign(Secret, "msg_2", Now, Body);
        Assert.True(new WebhookVerifier(_time).Verify([Secret], "msg_2", Now.ToString(), header, Body).IsValid);
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    public void Timestamp_must_be_within_five_minutes(int offsetSeconds, bool valid)
    {
        var ts = Now + offsetSeconds;
        var signature = StandardWebhooks.Sign(Secret, "msg_3", ts, Body);
        var verdict = new WebhookVerifier(_time).Verify([Secret], "msg_3", ts.ToString(), signature, Body);
        Assert.Equal(valid, verdict.IsValid);
        if (!valid) Assert.Equal("webhook-timestamp", verdict.Field);
    }

    [Fact]
    public void A_changed_body_or_id_or_wrong_secret_is_rejected()
    {
        var signature = StandardWebhooks.Sign(Secret, "msg_4", Now, Body);
        var verifier = new WebhookVerifier(_time);
        Assert.False(verifier.Verify([Secret], "msg_4", Now.ToString(), signature, Encoding.UTF8.GetBytes("{}")).IsValid);
        Assert.False(verifier.Verify([Secret], "msg_5", Now.ToString(), signature, Body).IsValid);
        Assert.False(verifier.Verify([RandomNumberGenerator.GetBytes(32)], "msg_4", Now.ToString(), signature, Body).IsValid);
        Assert.False(verifier.Verify([Secret], "msg_4", Now.ToString(), "v1,not-base64!", Body).IsValid);
        Assert.False(verifier.Verify([Secret], "msg_4", Now.ToString(), null, Body).IsValid);
    }

    [Fact]
    public void Secrets_shorter_than_24_bytes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => StandardWebhooks.ParseSecret("whsec_" + Convert.ToBase64String(new byte[16])));
        Assert.Equal(32, StandardWebhooks.ParseSecret("whsec_" + Convert.ToBase64String(new byte[32])).Length);
    }
}
