using System.Text.RegularExpressions;

namespace SslFlow.Vault;

/// <summary>Certificate names as Key Vault accepts them; the local vault uses them as folder names, so this also bars path tricks.</summary>
internal static partial class VaultNames
{
    public static string Validate(string certificateName)
    {
        ArgumentNullException.ThrowIfNull(certificateName);
        if (!NamePattern().IsMatch(certificateName))
        {
            throw new ArgumentException("A certificate name is 1-127 letters, digits or dashes.", nameof(certificateName));
        }

        return certificateName;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,127}$")]
    private static partial Regex NamePattern();
}
