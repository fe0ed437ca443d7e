using System.Text.Json;
using SslFlow.Cli.Models;

namespace SslFlow.Cli;

/// <summary>
/// <c>sslflow</c>: order, status, track, list, cancel, reissue, revoke, download, activate, credentials, profiles. Exit codes: 0 done (for
/// <c>order --wait</c>: ACTIVE), 1 refused/failed, 2 usage, 3 <c>--wait</c> timed out.
/// </summary>
public static partial class CliApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>With no change, <c>--wait</c> still prints a line this often.</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(30);

    /// <summary>Statuses after which an order's own workflow does nothing more, so <c>--wait</c> stops.</summary>
    private static readonly HashSet<string> FinalStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        "ACTIVE", "ACTIVATION ERROR", "REFUNDED", "REVOKED", "CERTIFICATE DISABLED",
    };

    public const string Usage = """
        sslflow — command-line client for the SslFlow certificate order API

        Usage:
          sslflow order --domain <name> [--domain <name>…] [--product dv-single] [--dcv http-01] [--email <contact>]
                        [--key-algorithm EcP256] [--install nginx:<site>:<server>[:<port>]…] [--wait] [--timeout <seconds>]
          sslflow activate <orderId> --domain <name> [--domain <name>…] | --mailbox <address> [--dcv dns-01] [--email <contact>]
                        [--approver-email <addr>] [--key-algorithm EcP256] [--details <file.json>] [--profile <profileId>]
                        (a purchased order; --mailbox for S/MIME, with the person in --details;
                        details: {"organization":{…},"contacts":{…},"person":{…}};
                        --profile: the organization, and contacts unless given, from an organization profile)
          sslflow status <orderId> [--json]
          sslflow track --ca-reference <ref> [--json]
          sslflow list [--status <STATUS>] [--json]
          sslflow cancel <orderId> [--reason <text>]
          sslflow reissue <orderId> [--add-domain <name>…] [--key-algorithm <alg>]
          sslflow revoke <orderId> [--reason unspecified|keyCompromise|affiliationChanged|superseded|cessationOfOperation]
          sslflow download <orderId> [--out <file.pem>]
          sslflow credentials <orderId> [--json]     (CaaS orders: the EAB credentials, for 7 days)
          sslflow renew <orderId> [--term 365d]      (CaaS orders: extend an ACTIVE subscription's term; same EAB key)
          sslflow profiles list [--account <id>] [--json]
          sslflow profiles show <profileId> [--json]
          sslflow profiles create --name <name> --details <file.json> [--account <id>] [--json]
                        (details: {"organization":{…},"contacts":{…}}; --account: operator keys, the account it is for)
          sslflow profiles delete <profileId>

        Options for every command:
          --url <url>        API base URL (default http://127.0.0.1:5080, or env SSLFLOW_URL)
          --api-key <key>    API key sent as 'Authorization: Bearer' (or env SSLFLOW_API_KEY)

        Exit codes: 0 ok (order --wait: ACTIVE), 1 refused or failed, 2 usage, 3 --wait timed out.
        """;

    private static readonly string[] Common = ["url", "api-key"];

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            context.Out.WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }
        var command = args[0];
        var rest = args[1..];
        try
        {
            return command switch
            {
                "order" => await OrderAsync(Parse(rest, ["domain", "product", "dcv", "email", "key-algorithm", "timeout", "install"], ["wait"]), context, cancellationToken),
                "activate" => await ActivateAsync(Parse(rest, ["domain", "mailbox", "dcv", "email", "approver-email", "key-algorithm", "details", "profile"], []), context, cancellationToken),
                "profiles" => await ProfilesAsync(rest, context, cancellationToken),
                "status" => await StatusAsync(Parse(rest, [], ["json"]), context, cancellationToken),
                "track" => await TrackAsync(Parse(rest, ["ca-reference"], ["json"]), context, cancellationToken),
                "list" => await ListAsync(Parse(rest, ["status"], ["json"]), context, cancellationToken),
                "cancel" => await CancelAsync(Parse(rest, ["reason"], []), context, cancellationToken),
                "reissue" => await ReissueAsync(Parse(rest, ["add-domain", "key-algorithm"], []), context, cancellationToken),
                "revoke" => await RevokeAsync(Parse(rest, ["reason"], []), context, cancellationToken),
                "download" => await DownloadAsync(Parse(rest, ["out"], []), context, cancellationToken),
                "credentials" => await CredentialsAsync(Parse(rest, [], ["json"]), context, cancellationToken),
                "renew" => await RenewAsync(Parse(rest, ["term"], []), context, cancellationToken),
                _ => throw new UsageException($"Unknown command '{command}'."),
            };
        }
        catch (UsageException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            context.Error.WriteLine("Run 'sslflow --help' for usage.");
            return ExitCodes.Usage;
        }
        catch (ApiProblem problem)
        {
            problem.WriteTo(context.Error);
            return ExitCodes.Failed;
        }
        catch (HttpRequestException ex)
        {
            context.Error.WriteLine($"error: cannot reach the API: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            context.Error.WriteLine("error: the API did not answer in time.");
            return ExitCodes.Failed;
        }
        catch (JsonException ex)
        {
            context.Error.WriteLine($"error: unexpected answer from the API: {ex.Message}");
            return ExitCodes.Failed;
        }
    }

    private static ParsedArguments Parse(string[] args, string[] options, string[] flags) =>
        ParsedArguments.Parse(args, options.Concat(Common).ToHashSet(), flags.ToHashSet());

    private static SslFlowClient Client(ParsedArguments a, CliContext context)
    {
        var url = a.Value("url") ?? context.Environment("SSLFLOW_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url '{url}' is not an http(s) URL.");
        }
        var key = a.Value("api-key") ?? context.Environment("SSLFLOW_API_KEY");
        if (string.IsNullOrEmpty(key)) context.Error.WriteLine("warning: no API key (--api-key or SSLFLOW_API_KEY); the API will refuse.");
        return SslFlowClient.Create(baseUrl, key, context.Handler);
    }

    private static string OrderId(ParsedArguments a, string command) => a.Positionals switch
    {
        [var id] when !string.IsNullOrWhiteSpace(id) => id,
        [] => throw new UsageException($"'{command}' needs an order id."),
        _ => throw new UsageException($"'{command}' takes one order id."),
    };

    private static void NoPositionals(ParsedArguments a, string command)
    {
        if (a.Positionals.Count > 0) throw new UsageException($"'{command}' takes no argument '{a.Positionals[0]}'.");
    }

    private static async Task<int> OrderAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        NoPositionals(a, "order");
        var domains = a.All("domain");
        if (domains.Count == 0) throw new UsageException("'order' needs at least one --domain.");
        var timeout = TimeSpan.FromMinutes(30);
        if (a.Value("timeout") is { } t)
        {
            if (!int.TryParse(t, out var seconds) || seconds <= 0) throw new UsageException("--timeout is a number of seconds.");
            timeout = TimeSpan.FromSeconds(seconds);
        }
        using var client = Client(a, context);
        var body = new Dictionary<string, object?>
        {
            ["domains"] = domains,
            ["product"] = a.Value("product") ?? "dv-single",
            ["dcvMethod"] = a.Value("dcv") ?? "http-01",
        };
        if (a.Value("email") is { } email) body["contactEmail"] = email;
        if (a.Value("key-algorithm") is { } key) body["keyAlgorithm"] = key;
        if (a.All("install") is { Count: > 0 } installs) body["installTargets"] = installs.Select(InstallTargetOption.Parse).ToList(); // issue 17

        // One idempotency key for this invocation: a retry after a dropped connection names the same order.
        var idempotencyKey = "cli-" + Guid.NewGuid().ToString("n");
        AcceptedDto accepted;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                accepted = await client.CreateOrderAsync(body, idempotencyKey, cancellationToken);
                break;
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                context.Error.WriteLine("warning: the API did not answer; retrying with the same idempotency key.");
            }
        }
        context.Out.WriteLine($"Order {accepted.OrderId} {(accepted.Created == false ? "already existed" : "accepted")}: {accepted.Status ?? "PENDING ACTIVATION"}");
        if (!a.Has("wait")) return ExitCodes.Ok;
        return await WaitAsync(client, accepted.OrderId, timeout, context, cancellationToken);
    }

    /// <summary>Polls the order and prints each status/sub-status change until it is final or the timeout passes.</summary>
    private static async Task<int> WaitAsync(SslFlowClient client, string orderId, TimeSpan timeout, CliContext context, CancellationToken cancellationToken)
    {
        var started = context.Time.GetUtcNow();
        var deadline = started + timeout;
        var lastPrinted = started;
        string? last = null;
        var failures = 0;
        while (true)
        {
            OrderDto? order = null;
            try
            {
                order = await client.GetOrderAsync(orderId, cancellationToken);
                failures = 0;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is ApiProblem { Status: >= 500 } || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The host restarting mid-order is normal for durable orders; keep following within the timeout.
                if (++failures is 1 or 10) context.Error.WriteLine($"warning: status not available ({ex.Message}); still waiting.");
            }
            if (order is not null)
            {
                var key = order.Status + "\n" + order.SubStatus;
                var now = context.Time.GetUtcNow();
                if (key != last)
                {
                    context.Out.WriteLine(OrderPrinter.Progress(now, order));
                    last = key;
                    lastPrinted = now;
                }
                else if (now - lastPrinted >= HeartbeatEvery)
                {
                    // Validation can take hours: a line now and then shows the wait is alive and for how long.
                    context.Out.WriteLine(OrderPrinter.StillWaiting(now, order, now - started));
                    lastPrinted = now;
                }
                if (FinalStatuses.Contains(order.Status))
                {
                    if (order.Status.Equals("ACTIVE", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Out.WriteLine($"Certificate issued{(order.NotAfter is { } until ? $", valid until {OrderPrinter.Time(until)}" : "")}. Download it with: sslflow download {orderId}");
                        return ExitCodes.Ok;
                    }
                    context.Error.WriteLine($"error: order {orderId} ended {order.Status}{(order.LastError is { } e ? $": {e}" : "")}");
                    return ExitCodes.Failed;
                }
            }
            if (context.Time.GetUtcNow() >= deadline)
            {
                context.Error.WriteLine($"error: order {orderId} is still {order?.Status ?? "unknown"} after {timeout.TotalSeconds:0} s; follow it with: sslflow status {orderId}");
                return ExitCodes.TimedOut;
            }
            await Task.Delay(context.PollInterval, context.Time, cancellationToken);
        }
    }

    private static async Task<int> StatusAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = OrderId(a, "status");
        using var client = Client(a, context);
        var order = await client.GetOrderAsync(id, cancellationToken);
        Write(context, order, a.Has("json"));
        return ExitCodes.Ok;
    }

    /// <summary>Finds an order by the CA's reference (seed 003): one indexed lookup on the server.</summary>
    private static async Task<int> TrackAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        NoPositionals(a, "track");
        var reference = a.Value("ca-reference") ?? throw new UsageException("'track' needs --ca-reference.");
        using var client = Client(a, context);
        if (await client.FindByCaReferenceAsync(reference, cancellationToken) is not { } order)
        {
            context.Error.WriteLine($"error: no order has CA reference '{reference}'.");
            return ExitCodes.Failed;
        }
        Write(context, order, a.Has("json"));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        NoPositionals(a, "list");
        using var client = Client(a, context);
        var orders = new List<OrderDto>();
        await foreach (var order in client.ListAllAsync(a.Value("status"), cancellationToken)) orders.Add(order);
        if (a.Has("json")) context.Out.WriteLine(JsonSerializer.Serialize(orders, SslFlowClient.Json));
        else OrderPrinter.WriteTable(context.Out, orders);
        return ExitCodes.Ok;
    }

    private static async Task<int> CancelAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = OrderId(a, "cancel");
        using var client = Client(a, context);
        return Accepted(context, "Cancel", await client.LifecycleAsync(id, "cancel", new { reason = a.Value("reason") }, cancellationToken));
    }

    private static async Task<int> ReissueAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = OrderId(a, "reissue");
        using var client = Client(a, context);
        var body = new { addDomains = a.All("add-domain"), keyAlgorithm = a.Value("key-algorithm") };
        return Accepted(context, "Reissue", await client.LifecycleAsync(id, "reissue", body, cancellationToken));
    }

    private static async Task<int> RevokeAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = OrderId(a, "revoke");
        using var client = Client(a, context);
        return Accepted(context, "Revoke", await client.LifecycleAsync(id, "revoke", new { reason = a.Value("reason") ?? "unspecified" }, cancellationToken));
    }

    /// <summary>Renews a CaaS subscription's term (default: the product's); certificates renew by themselves and are refused (409).</summary>
    private static async Task<int> RenewAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = OrderId(a, "renew");
        using var client = Client(a, context);
        return Accepted(context, "Renewal", await client.LifecycleAsync(id, "renew", new { term = a.Value("term") }, cancellationToken));
    }

    private static async Task<int> CredentialsAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = OrderId(a, "credentials");
        using var client = Client(a, context);
        return await CredentialsCommand.RunAsync(client, id, a.Has("json"), context, cancellationToken);
    }

    private static async Task<int> DownloadAsync(ParsedArguments a, CliContext context, CancellationToken cancellationToken)
    {
        var id = OrderId(a, "download");
        using var client = Client(a, context);
        string pem;
        try
        {
            pem = await client.DownloadChainAsync(id, cancellationToken);
        }
        catch (ApiProblem problem) when (problem.Status == 404)
        {
            context.Error.WriteLine($"error: no certificate to download for order {id}: {problem.Detail ?? problem.Title}");
            context.Error.WriteLine($"  (the order may not exist or not be ACTIVE yet; see: sslflow status {id})");
            return ExitCodes.Failed;
        }
        var count = CountCertificates(pem);
        if (count == 0)
        {
            context.Error.WriteLine($"error: the API answered without a PEM certificate for order {id}.");
            return ExitCodes.Failed;
        }
        if (a.Value("out") is { } path)
        {
            await File.WriteAllTextAsync(path, pem, cancellationToken);
            context.Out.WriteLine($"Wrote {count} certificate(s) to {path}");
        }
        else
        {
            context.Out.Write(pem);
        }
        return ExitCodes.Ok;
    }

    private static int CountCertificates(string pem)
    {
        var count = 0;
        for (var i = pem.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal); i >= 0; i = pem.IndexOf("-----BEGIN CERTIFICATE-----", i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    private static int Accepted(CliContext context, string what, AcceptedDto accepted)
    {
        context.Out.WriteLine($"{what} accepted for order {accepted.OrderId}{(accepted.Operation is { } op ? $" (operation {op})" : "")}{(accepted.Detail is { } d ? $": {d}" : "")}");
        return ExitCodes.Ok;
    }

    private static void Write(CliContext context, OrderDto order, bool json)
    {
        if (json) context.Out.WriteLine(JsonSerializer.Serialize(order, SslFlowClient.Json));
        else OrderPrinter.WriteDetail(context.Out, order);
    }
}
