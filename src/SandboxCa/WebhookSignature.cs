using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SslFlow.SandboxCa;

/// <summary>
/// The sender's half of Standard Webhooks, written for the sandbox alone: <c>webhook-signature: v1,&lt;base64&gt;</c> where
/// the base64 is HMAC-SHA256, keyed with the shared secret, of the bytes <c>{webhook-id}.{webhook-timestamp}.{body}</c>.
/// The product verifies with its own code; the two meet only in the headers, so a mistake on either side shows.
/// </summary>
public static class WebhookSignature
{
    /// <summary>Shortest secret accepted: Standard Webhooks asks for 24 to 64 random bytes.</summary>
    public const int MinSecretBytes = 24;

    /// <summary><c>whsec_</c> followed by base64, or plain base64 (both are how secrets are handed around).</summary>
    public static byte[] ParseSecret(string configured)
    {
        const string Prefix = "whsec_";
        var text = configured.Trim();
        if (text.StartsWith(Prefix, StringComparison.Ordinal)) text = text[Prefix.Length..];
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new ArgumentException("--webhook-secret must be base64, optionally prefixed with 'whsec_'.", nameof(configured));
        }
        if (key.Length < MinSecretBytes) throw new ArgumentException($"--webhook-secret must decode to at least {MinSecretBytes} bytes.", nameof(configured));
        return key;
    }

    public static string Sign(byte[] secret, string id, long unixSeconds, byte[] body)
    {
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        mac.AppendData(Encoding.UTF8.GetBytes(id));
        mac.AppendData("."u8);
        mac.AppendData(Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture)));
        mac.AppendData("."u8);
        mac.AppendData(body);
        return "v1," + Convert.ToBase64String(mac.GetHashAndReset());
    }
}
