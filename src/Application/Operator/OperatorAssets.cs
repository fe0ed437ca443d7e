using System.Collections.Frozen;
using System.Security.Cryptography;

namespace SslFlow.Application.Operator;

/// <summary>
/// The embedded files under <c>Operator/wwwroot</c> (logical names <c>SslFlow.Operator/&lt;file&gt;</c>), loaded once.
/// Only names in this table are served, so a request path can never reach anything else.
/// </summary>
public static class OperatorAssets
{
    private const string Prefix = "SslFlow.Operator/";

    private static readonly Lazy<FrozenDictionary<string, OperatorAsset>> All = new(Load);

    public static IReadOnlyCollection<string> Names => All.Value.Keys;

    public static OperatorAsset? Find(string name) => All.Value.GetValueOrDefault(name);

    private static FrozenDictionary<string, OperatorAsset> Load()
    {
        var assembly = typeof(OperatorAssets).Assembly;
        var assets = new Dictionary<string, OperatorAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var name = resource[Prefix.Length..];
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"";
            assets[name] = new OperatorAsset(name, bytes, ContentTypeOf(name), etag);
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
