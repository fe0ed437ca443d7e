using System.Security.Cryptography;
using System.Text.Json;

namespace SslFlow.DevStack;

/// <summary>
/// The shared EAB pool file: a JSON object kid → base64url HMAC key (Pebble's <c>externalAccountMACKeys</c> shape),
/// owner read/write only. The dev stack makes and tops it up; the sandbox CA assigns its keys and removes retired ones.
/// </summary>
public static class EabKeyPoolFile
{
    public static async Task<IReadOnlyDictionary<string, string>> LoadOrCreateAsync(string path, int size)
    {
        var keys = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(path)) ?? []
            : [];
        var added = false;
        while (keys.Count < size)
        {
            keys["caas-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))] = PebbleRunner.Base64Url(RandomNumberGenerator.GetBytes(32));
            added = true;
        }
        if (added || !File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temp = path + ".tmp";
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(keys));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temp, path, overwrite: true);
        }
        return keys;
    }
}
