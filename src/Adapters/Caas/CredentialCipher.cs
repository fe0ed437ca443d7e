using System.Security.Cryptography;
using System.Text;

namespace SslFlow.Adapters.Caas;

/// <summary>
/// AES-256-GCM for HMAC keys at rest: "EAB1" | 12-byte nonce | 16-byte tag | ciphertext. The associated data names the
/// order and key id, so a ciphertext copied onto another order's row fails to decrypt instead of handing out a
/// stranger's key. A new <see cref="AesGcm"/> per call: instances are not thread-safe.
/// </summary>
public sealed class CredentialCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Magic = "EAB1"u8.ToArray();
    private readonly byte[] _key;

    public CredentialCipher(string base64Key)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64Key.Trim());
        }
        catch (FormatException)
        {
            // The value is never echoed: it is a secret.
            throw new ArgumentException($"{CaasCredentialOptions.Section}:{nameof(CaasCredentialOptions.EncryptionKey)} is not valid base64.", nameof(base64Key));
        }
        if (key.Length != 32) throw new ArgumentException($"{CaasCredentialOptions.Section}:{nameof(CaasCredentialOptions.EncryptionKey)} must be 32 bytes.", nameof(base64Key));
        _key = key;
    }

    /// <summary>
    /// A key of its own for CaaS credentials derived from a host's master key (the local vault's) with HKDF-SHA256, so
    /// the local host needs no second key file and the vault's key is never used for two purposes. Base64.
    /// </summary>
    public static string DeriveKey(byte[] masterKey) =>
        Convert.ToBase64String(HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, salt: [], info: "sslflow/caas-credentials/v1"u8.ToArray()));

    public byte[] Encrypt(string secret, string orderId, string keyId)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        try
        {
            var blob = new byte[Magic.Length + NonceSize + TagSize + plaintext.Length];
            Magic.CopyTo(blob, 0);
            RandomNumberGenerator.Fill(blob.AsSpan(Magic.Length, NonceSize));
            using var aes = new AesGcm(_key, TagSize);
            aes.Encrypt(blob.AsSpan(Magic.Length, NonceSize), plaintext, blob.AsSpan(Magic.Length + NonceSize + TagSize), blob.AsSpan(Magic.Length + NonceSize, TagSize), Aad(orderId, keyId));
            return blob;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Throws <see cref="CryptographicException"/> for a wrong key, a tampered blob or one from another row.</summary>
    public string Decrypt(byte[] blob, string orderId, string keyId)
    {
        if (blob.Length < Magic.Length + NonceSize + TagSize || !blob.AsSpan(0, Magic.Length).SequenceEqual(Magic)) throw new CryptographicException("Not a CaaS credential blob.");
        var plaintext = new byte[blob.Length - Magic.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(blob.AsSpan(Magic.Length, NonceSize), blob.AsSpan(Magic.Length + NonceSize + TagSize), blob.AsSpan(Magic.Length + NonceSize, TagSize), plaintext, Aad(orderId, keyId));
            return Encoding.UTF8.GetString(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] Aad(string orderId, string keyId) => Encoding.UTF8.GetBytes($"sslflow-caas-eab/v1\n{orderId}\n{keyId}");
}
