using System.Security.Cryptography;
using System.Text;

namespace SslFlow.Vault;

/// <summary>PEM for certificate chains. Only CERTIFICATE blocks are ever written: there is no key to write.</summary>
public static class CertificatePem
{
    /// <summary>The chain (leaf first) as concatenated PEM CERTIFICATE blocks.</summary>
    public static string FromChain(IEnumerable<byte[]> chainDer)
    {
        ArgumentNullException.ThrowIfNull(chainDer);
        var pem = new StringBuilder();
        foreach (var der in chainDer)
        {
            pem.Append(PemEncoding.WriteString("CERTIFICATE", der)).Append('\n');
        }

        return pem.ToString();
    }

    /// <summary>The DER of every CERTIFICATE block, in order; other blocks are skipped.</summary>
    public static IReadOnlyList<byte[]> ToChain(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var chain = new List<byte[]>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                chain.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            }

            rest = rest[fields.Location.End..];
        }

        return chain;
    }
}
