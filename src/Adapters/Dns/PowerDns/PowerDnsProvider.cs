using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using SslFlow.Contracts.Challenges;

namespace SslFlow.Adapters.Dns.PowerDns;

/// <summary>Where PowerDNS's HTTP API is and its key.</summary>
public sealed class PowerDnsOptions
{
    /// <summary>The webserver's base address, e.g. <c>https://pdns.example.net:8081/</c> (the API is under <c>api/v1/</c>).</summary>
    public string ApiUrl { get; set; } = "";

    /// <summary>The <c>api-key</c> of pdns.conf (a secret: never logged).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The server id in the URL; an authoritative server calls itself <c>localhost</c>.</summary>
    public string ServerId { get; set; } = "localhost";

    public int Ttl { get; set; } = 60;
}

/// <summary>
/// PowerDNS Authoritative's HTTP API (doc.powerdns.com/authoritative/http-api/zone.html): the record set is read with
/// <c>GET /api/v1/servers/{server}/zones/{zone}</c> and written with <c>PATCH</c> of the same URL, body
/// <c>{"rrsets": [{"name", "type": "TXT", "ttl", "changetype": "REPLACE", "records": [{"content", "disabled"}]}]}</c>
/// (answered 204), <c>changetype: DELETE</c> once no value is left. REPLACE sets the whole RRset, so a value is added to
/// (or taken from) the values there now: a wildcard and its base name share the name. TXT content is the zone-file form,
/// a quoted string. Authentication is the <c>X-API-Key</c> header.
/// </summary>
public sealed class PowerDnsProvider(string name, IReadOnlyCollection<string> zones, PowerDnsOptions options, HttpClient http) : IDnsProvider
{
    public string Name { get; } = name;

    public IReadOnlyCollection<string> Zones { get; } = zones;

    public async Task AddTxtAsync(string zone, string name, string value, CancellationToken cancellationToken)
    {
        var values = await ReadTxtAsync(zone, name, cancellationToken);
        if (values.Contains(value)) return;
        await PatchAsync(zone, name, [.. values, value], cancellationToken);
    }

    public async Task RemoveTxtAsync(string zone, string name, string value, CancellationToken cancellationToken)
    {
        var values = await ReadTxtAsync(zone, name, cancellationToken);
        if (!values.Remove(value)) return;
        await PatchAsync(zone, name, values, cancellationToken);
    }

    private Uri ZoneUri(string zone) =>
        new(new Uri(options.ApiUrl.TrimEnd('/') + "/"), $"api/v1/servers/{Uri.EscapeDataString(options.ServerId)}/zones/{Uri.EscapeDataString(zone + ".")}");

    private async Task<List<string>> ReadTxtAsync(string zone, string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ZoneUri(zone));
        request.Headers.Add("X-API-Key", options.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, zone, "read", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<ZoneBody>(cancellationToken);
        var set = body?.RRsets?.FirstOrDefault(r => r.Type == "TXT" && string.Equals(r.Name?.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase));
        return set?.Records?.Where(r => !r.Disabled).Select(r => Unquote(r.Content ?? "")).ToList() ?? [];
    }

    private async Task PatchAsync(string zone, string name, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var rrset = values.Count == 0
            ? new RRset { Name = name + ".", Type = "TXT", ChangeType = "DELETE" }
            : new RRset { Name = name + ".", Type = "TXT", Ttl = options.Ttl, ChangeType = "REPLACE", Records = values.Select(v => new RecordBody { Content = Quote(v) }).ToList() };
        using var request = new HttpRequestMessage(HttpMethod.Patch, ZoneUri(zone)) { Content = JsonContent.Create(new ZoneBody { RRsets = [rrset] }) };
        request.Headers.Add("X-API-Key", options.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, zone, "change", cancellationToken);
    }

    private async Task EnsureAsync(HttpResponseMessage response, string zone, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        // PowerDNS answers {"error": "..."}; it never echoes the key.
        var detail = (await response.Content.ReadAsStringAsync(cancellationToken)) is { Length: > 0 } text ? text[..Math.Min(text.Length, 300)] : "";
        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " (the API key is wrong)",
            HttpStatusCode.NotFound => " (the zone is not on this server)",
            _ => "",
        };
        throw new HttpRequestException($"DNS provider '{Name}': PowerDNS could not {what} zone {zone}: {(int)response.StatusCode}{hint} {detail}", null, response.StatusCode);
    }

    // A TXT value in presentation form: quoted, with backslash and quote escaped (RFC 1035 §5.1). ACME values are base64url.
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Unquote(string content)
    {
        // PowerDNS may split a long value into several strings: "abc" "def".
        var parts = content.Split("\" \"");
        return string.Concat(parts.Select(p => p.Trim('"'))).Replace("\\\"", "\"").Replace("\\\\", "\\");
    }

    private sealed class ZoneBody
    {
        [JsonPropertyName("rrsets")]
        public List<RRset>? RRsets { get; set; }
    }

    private sealed class RRset
    {
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("ttl")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public int Ttl { get; set; }

        [JsonPropertyName("changetype")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? ChangeType { get; set; }

        [JsonPropertyName("records")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<RecordBody>? Records { get; set; }
    }

    private sealed class RecordBody
    {
        [JsonPropertyName("content")]
        public string? Content { get; set; }

        [JsonPropertyName("disabled")]
        public bool Disabled { get; set; }
    }
}
