using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SslFlow.Vault.Local;

/// <summary>
/// AES-256-GCM envelope: "SFV1" | 12-byte nonce | 16-byte tag | ciphertext. The associated data binds a blob to its
/// place (certificate name and version), so a key file copied over another one fails to decrypt instead of
/// silently swapping keys. An <see cref="AesGcm"/> is made per call because instances are not thread-safe.
/// </summary>
internal sealed class MasterKeyCipher : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Magic = "SFV1"u8.ToArray();

    private readonly byte[] _key;

    public MasterKeyCipher(byte[] key)
    {
        _key = key;
    }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string context)
    {
        var blob = new byte[Magic.Length + NonceSize + TagSize + plaintext.Length];
        Magic.CopyTo(blob, 0);
        var nonce = blob.AsSpan(Magic.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(Magic.Length + NonceSize + TagSize), blob.AsSpan(Magic.Length + NonceSize, TagSize), Aad(context));
        return blob;
    }

    /// <summary>Throws <see cref="CryptographicException"/> (AuthenticationTagMismatchException) for a wrong key or a tampered blob.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> blob, string context)
    {
        if (blob.Length < Magic.Length + NonceSize + TagSize || !blob[..Magic.Length].SequenceEqual(Magic))
        {
            throw new CryptographicException("Not a local vault key blob.");
        }

        var plaintext = new byte[blob.Length - Magic.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(
            blob.Slice(Magic.Length, NonceSize),
            blob[(Magic.Length + NonceSize + TagSize)..],
            blob.Slice(Magic.Length + NonceSize, TagSize),
            plaintext,
            Aad(context));
        return plaintext;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    private static byte[] Aad(string context)
    {
        var text = Encoding.UTF8.GetBytes("sslflow-local-vault/v1/" + context);
        var aad = new byte[4 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(aad, text.Length);
        text.CopyTo(aad, 4);
        return aad;
    }
}
