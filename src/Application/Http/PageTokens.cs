using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SslFlow.Application.Http;

/// <summary>
/// Paging tokens as the API hands them out: the store's continuation token, base64url-encoded behind a version and a
/// short checksum (<c>p1.{token}.{check}</c>). A token the API did not issue (junk, truncated, edited) fails the check and
/// is refused with 400; before, a store read it as "from the start" and returned a full page. The checksum catches
/// mistakes, not forgery: a forged token can only name a place in the same list, which the caller may read anyway.
/// </summary>
public static class PageTokens
{
    private const string Prefix = "p1.";
    public const int MaxLength = 2048;

    public static string? Encode(string? storeToken) =>
        storeToken is null ? null : $"{Prefix}{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storeToken))}.{Check(storeToken)}";

    public static bool TryDecode(string token, out string storeToken)
    {
        storeToken = "";
        if (token.Length > MaxLength || !token.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2 || !Base64Url.IsValid(parts[0])) return false;
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(parts[0]));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return false;
        }
        if (decoded.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Check(decoded)), Encoding.ASCII.GetBytes(parts[1]))) return false;
        storeToken = decoded;
        return true;
    }

    private static string Check(string storeToken) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sslflow-page\n" + storeToken)))[..16];
}
