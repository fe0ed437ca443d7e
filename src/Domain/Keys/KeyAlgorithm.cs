namespace SslFlow.Domain.Keys;

/// <summary>Key types an order may ask for, a CSR may carry and the vault makes: the one vocabulary of intake, the ports and the stored payloads (by name).</summary>
public enum KeyAlgorithm
{
    EcP256,
    EcP384,
    Rsa2048,
    Rsa3072,
    Rsa4096,
}

public static class KeyAlgorithms
{
    /// <summary>Accepts <c>EcP256</c>, <c>ec-p256</c>, <c>P-256</c>, <c>rsa-2048</c>, <c>RSA2048</c> and the like.</summary>
    public static bool TryParse(string? value, out KeyAlgorithm spec)
    {
        spec = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var compact = value.Replace("-", "").Replace("_", "").Trim().ToLowerInvariant();
        if (compact is "p256" or "ecdsap256") compact = "ecp256";
        if (compact is "p384" or "ecdsap384") compact = "ecp384";
        // Names only: Enum.TryParse also takes numbers, and "1" would quietly mean EcP384.
        if (compact.Length == 0 || !char.IsAsciiLetter(compact[0])) return false;
        return Enum.TryParse(compact, ignoreCase: true, out spec) && Enum.IsDefined(spec);
    }

    /// <summary>The reason a problem document gives for a value <see cref="TryParse"/> refused.</summary>
    public static string Unknown(string value) => $"Unknown key algorithm '{value}'. Use {string.Join(", ", Enum.GetNames<KeyAlgorithm>())}.";
}
