using System.Security.Cryptography;
using System.Text;

namespace SslFlow.Vault.Local;

/// <summary>Master-key helpers for hosts that have no key configured (developer machines, CI).</summary>
public static class LocalVaultMasterKey
{
    public const int KeySizeBytes = 32;

    /// <summary>A new random key, base64.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySizeBytes));

    /// <summary>
    /// Returns the base64 key stored at <paramref name="path"/>, creating it first (owner read/write only, 0600)
    /// when missing. Two processes racing here end up with the same key: the file is published with a
    /// no-overwrite rename, and the loser reads the winner's key.
    /// </summary>
    public static string LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return Read(full);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, AtomicFile.PrivateFileOptions(FileMode.CreateNew)))
            {
                stream.Write(Encoding.ASCII.GetBytes(Generate()));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, full, overwrite: false);
            }
            catch (IOException) when (File.Exists(full))
            {
                // Someone else created it first; theirs wins.
            }
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }

        return Read(full);
    }

    /// <summary>Decodes and checks a configured key: exactly 32 bytes of base64.</summary>
    public static byte[] Decode(string? masterKey)
    {
        if (string.IsNullOrWhiteSpace(masterKey))
        {
            throw new InvalidOperationException(
                "LocalVault needs a master key (LocalVaultOptions.MasterKey, base64 of 32 bytes); LocalVaultMasterKey.LoadOrCreate can make one.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(masterKey.Trim());
        }
        catch (FormatException)
        {
            // The value itself is never echoed: it is a secret.
            throw new ArgumentException("The local vault master key is not valid base64.", nameof(masterKey));
        }

        if (key.Length != KeySizeBytes)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new ArgumentException($"The local vault master key must be {KeySizeBytes} bytes.", nameof(masterKey));
        }

        return key;
    }

    private static string Read(string path)
    {
        var value = File.ReadAllText(path).Trim();
        CryptographicOperations.ZeroMemory(Decode(value)); // validates the stored key
        return value;
    }
}
