using System.Security.Cryptography;
using SslFlow.AcmeClient;

namespace SslFlow.Adapters.Acme;

/// <summary>
/// The ACME account key, AES-256-GCM encrypted at rest next to the local vault's keys, created once and reused
/// (one account per CA directory and EAB key id). Written atomically so two racing starts keep one key.
/// </summary>
public static class AccountKeyStore
{
    public static AccountKey LoadOrCreate(string path, byte[] masterKey, string scope)
    {
        if (File.Exists(path)) return Open(path, masterKey, scope);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var created = AccountKey.Create();
        var plain = created.ExportPkcs8();
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(masterKey, 16)) aes.Encrypt(nonce, plain, cipher, tag, System.Text.Encoding.UTF8.GetBytes(scope));
        CryptographicOperations.ZeroMemory(plain);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, [.. nonce, .. tag, .. cipher]);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temp); // another process won the race: use its key
        }
        return Open(path, masterKey, scope);
    }

    private static AccountKey Open(string path, byte[] masterKey, string scope)
    {
        var blob = File.ReadAllBytes(path);
        var plain = new byte[blob.Length - 28];
        using (var aes = new AesGcm(masterKey, 16)) aes.Decrypt(blob.AsSpan(0, 12), blob.AsSpan(28), blob.AsSpan(12, 16), plain, System.Text.Encoding.UTF8.GetBytes(scope));
        try
        {
            return AccountKey.ImportPkcs8(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
