using System.Text.Json;

namespace SslFlow.SandboxCa;

/// <summary>
/// The EAB keys the local ACME CA (Pebble) accepts, shared through a file: a JSON object kid → base64url HMAC key, the
/// same shape as Pebble's <c>externalAccountMACKeys</c>. The dev stack writes it (0600) and starts Pebble with it; the
/// sandbox hands its keys out, one per subscription. Pebble cannot take a key back at runtime, so a deactivated key is
/// removed from the file: the sandbox never assigns it again, and Pebble refuses it from its next start.
/// Read afresh on every use, so a pool the dev stack tops up is seen without a restart. Values are secrets: never logged.
/// </summary>
public sealed class EabKeyPool(string? path)
{
    public bool Configured => path is not null;

    /// <summary>The keys currently in the file (empty when none is configured or the file is missing).</summary>
    public IReadOnlyDictionary<string, string> Load()
    {
        if (path is null || !File.Exists(path)) return new Dictionary<string, string>();
        return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
    }

    /// <summary>Removes the key from the file (a no-op when it is not there). The caller holds the subscription lock.</summary>
    public bool Retire(string keyId)
    {
        if (path is null) return false;
        var keys = new Dictionary<string, string>(Load());
        if (!keys.Remove(keyId)) return false;
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(keys));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
        return true;
    }
}
