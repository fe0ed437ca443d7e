namespace SslFlow.Cli;

/// <summary>
/// <c>--install</c> (issue 17), repeatable: <c>nginx:{site}:{serverName}[:{port}]</c> or <c>keyVaultConsumer:{hostName}[:{port}]</c>.
/// Other kinds (App Service, webhook) take more fields than a short form carries: use the API's <c>installTargets</c>.
/// The service checks the values; this only splits them.
/// </summary>
public static class InstallTargetOption
{
    public static Dictionary<string, object?> Parse(string value)
    {
        var parts = value.Split(':');
        return parts switch
        {
            ["nginx", var site, var server] => new() { ["kind"] = "nginx", ["siteName"] = site, ["serverName"] = server },
            ["nginx", var site, var server, var port] => new() { ["kind"] = "nginx", ["siteName"] = site, ["serverName"] = server, ["port"] = Port(port) },
            ["keyVaultConsumer", var host] => new() { ["kind"] = "keyVaultConsumer", ["hostName"] = host },
            ["keyVaultConsumer", var host, var port] => new() { ["kind"] = "keyVaultConsumer", ["hostName"] = host, ["port"] = Port(port) },
            _ => throw new UsageException($"--install '{value}': use nginx:<site>:<serverName>[:<port>] or keyVaultConsumer:<hostName>[:<port>]."),
        };
    }

    private static int Port(string value) =>
        int.TryParse(value, out var port) && port is >= 1 and <= 65535 ? port : throw new UsageException($"--install: '{value}' is not a port (1–65535).");
}
