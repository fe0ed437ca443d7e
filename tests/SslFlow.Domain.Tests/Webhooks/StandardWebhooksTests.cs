using System.Security.Cryptography;
using System.Text;
using SslFlow.Domain.Webhooks;

namespace SslFlow.Domain.Tests.Webhooks;

/// <summary>The one Standard Webhooks implementation, held to the specification's published vector and its rules.</summary>
public sealed class StandardWebhooksTests
{
    // The test vector every reference library of the standard-webhooks repository checks (its "sign" test).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorPayload = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(VectorPayload);
    private static readonly byte[] Secret = StandardWebhooks.ParseSecret(VectorSecret);

    private static WebhookVerdict Verify(string? signature, DateTimeOffset now, string? timestamp = null, string? id = VectorId, byte[]? secret = null) =>
        StandardWebhooks.Verify([secret ?? Secret], id, timestamp ?? VectorTimestamp.ToString(), signature, Body, now, StandardWebhooks.DefaultTolerance);

    [Fact]
    public void Signing_the_specifications_test_vector_gives_its_published_signature()
    {
        Assert.Equal(VectorSignature, StandardWebhooks.Sign(Secret, VectorId, VectorTimestamp, Body));
    }

    [Fact]
    public void The_published_signature_verifies_and_gives_the_message_id()
    {
        var verdict = Verify(VectorSignature, VectorTime);
        Assert.True(verdict.IsValid, verdict.Reason);
        Assert.Equal(VectorId, verdict.Id);
    }

    [Fact]
    public void The_vector_with_one_bit_flipped_in_the_body_or_signature_does_not_verify()
    {
        var body = (byte[])Body.Clone();
        body[^2] ^= 1;
        Assert.False(StandardWebhooks.Verify([Secret], VectorId, VectorTimestamp.ToString(), VectorSignature, body, VectorTime, StandardWebhooks.DefaultTolerance).IsValid);
        // The spec's python tests use this one: the last base64 digit changed from E to A.
        Assert.False(Verify("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", VectorTime).IsValid);
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void The_timestamp_may_be_at_most_five_minutes_from_now_either_way(int nowMinusSentSeconds, bool valid)
    {
        var verdict = Verify(VectorSignature, VectorTime.AddSeconds(nowMinusSentSeconds));
        Assert.Equal(valid, verdict.IsValid);
        if (!valid) Assert.Equal(StandardWebhooks.TimestampHeader, verdict.Field);
    }

    [Fact]
    public void During_key_rotation_any_listed_v1_signature_may_match_and_other_versions_are_skipped()
    {
        var old = StandardWebhooks.Sign(RandomNumberGenerator.GetBytes(32), VectorId, VectorTimestamp, Body);
        Assert.True(Verify($"{old} {VectorSignature}", VectorTime).IsValid);
        Assert.True(Verify($"v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== {VectorSignature}", VectorTime).IsValid);
        Assert.True(Verify($"garbage v1, {VectorSignature}", VectorTime).IsValid);
        Assert.False(Verify(old, VectorTime).IsValid);
    }

    [Fact]
    public void Any_of_several_configured_secrets_may_have_signed()
    {
        var verdict = StandardWebhooks.Verify([RandomNumberGenerator.GetBytes(32), Secret], VectorId, VectorTimestamp.ToString(), VectorSignature, Body,
            VectorTime, StandardWebhooks.DefaultTolerance);
        Assert.True(verdict.IsValid);
    }

    [Theory]
    [InlineData(null, "webhook-signature")]
    [InlineData("", "webhook-signature")]
    [InlineData("v1,", "webhook-signature")]
    [InlineData("v1,not-base64!", "webhook-signature")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "webhook-signature")]
    public void A_missing_empty_or_malformed_signature_is_refused_naming_the_header(string? signature, string field)
    {
        var verdict = Verify(signature, VectorTime);
        Assert.False(verdict.IsValid);
        Assert.Equal(field, verdict.Field);
    }

    [Fact]
    public void A_missing_or_overlong_id_and_a_non_numeric_timestamp_are_refused()
    {
        Assert.Equal(StandardWebhooks.IdHeader, Verify(VectorSignature, VectorTime, id: null).Field);
        Assert.Equal(StandardWebhooks.IdHeader, Verify(VectorSignature, VectorTime, id: new string('m', StandardWebhooks.MaxIdLength + 1)).Field);
        Assert.Equal(StandardWebhooks.TimestampHeader, Verify(VectorSignature, VectorTime, timestamp: "soon").Field);
        // The id is signed: the vector's signature does not cover another id.
        Assert.Equal(StandardWebhooks.SignatureHeader, Verify(VectorSignature, VectorTime, id: "msg_other").Field);
    }

    [Fact]
    public void Secrets_are_whsec_or_plain_base64_of_at_least_24_bytes()
    {
        var raw = VectorSecret["whsec_".Length..];
        Assert.Equal(24, StandardWebhooks.ParseSecret(VectorSecret).Length);
        Assert.Equal(StandardWebhooks.ParseSecret(VectorSecret), StandardWebhooks.ParseSecret(raw));
        Assert.Throws<ArgumentException>(() => StandardWebhooks.ParseSecret("whsec_" + Convert.ToBase64String(new byte[23])));
        Assert.Throws<FormatException>(() => StandardWebhooks.ParseSecret("whsec_not base64!"));

        Assert.True(StandardWebhooks.TryParseSecret(VectorSecret, out var parsed));
        Assert.Equal(Secret, parsed);
        Assert.False(StandardWebhooks.TryParseSecret("whsec_" + Convert.ToBase64String(new byte[23]), out _));
        Assert.False(StandardWebhooks.TryParseSecret("whsec_not base64!", out _));
        Assert.False(StandardWebhooks.TryParseSecret(null, out _));
    }
}
