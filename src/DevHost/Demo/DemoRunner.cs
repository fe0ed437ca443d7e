using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SslFlow.DevStack;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using SslFlow.DurableBridge;
using SslFlow.DevHost.LocalStack;
using SslFlow.LocalHost;

namespace SslFlow.DevHost.Demo;

/// <summary>
/// README command (1): starts Azurite (data kept in .localdata/), Pebble + challtestsrv and maildev, the service
/// with its embedded defaults, then places a DV order and prints its progress until it is ACTIVE; finally checks
/// that the certificate chains to Pebble's root and carries the public key of the CSR the vault made; then an OV order
/// at the sandbox CA (auto mode) follows its webhooks to ACTIVE, then an S/MIME Pro order naming a person.
/// </summary>
public static class DemoRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = RepoPaths.Root();
        var data = Path.Combine(root, ".localdata");
        Directory.CreateDirectory(data);
        Console.WriteLine("SslFlow demo — starting the local parts (Azurite, Pebble + challtestsrv, maildev, sandbox CA)…");
        await using var azurite = await AzuriteRunner.StartAllServicesAsync(Path.Combine(data, "azurite"));
        var http01Port = FreePort.Next();
        // With a pool of EAB keys for CaaS subscriptions (kept in .localdata so the sandbox's assignments stay valid).
        await using var pebble = await PebbleRunner.StartAsync(http01Port, eabPoolSize: 20, eabPoolPath: Path.Combine(data, "eab-pool.json"));
        await using var mail = await MailDevRunner.StartAsync();
        var apiPort = FreePort.Next();
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        // The sandbox CA takes OV/EV/S/MIME orders; in the demo it approves each step itself after a few seconds.
        var webhookSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var sandbox = await SandboxCaRunner.StartAsync(new Uri($"http://127.0.0.1:{apiPort}/api/webhooks/sandbox"), webhookSecret,
            autoApproveAfter: TimeSpan.FromSeconds(3), dataDirectory: Path.Combine(data, "sandbox-ca"), smtpPort: mail.SmtpPort,
            eabPoolFile: pebble.EabPoolPath, caasDirectoryUrl: pebble.DirectoryUri);
        // Issue 17: a real nginx with one SNI site for the DV order's name; the order asks to be installed there.
        var domain = $"demo-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}.sslflow.test";
        await using var nginx = await NginxRunner.StartAsync([new NginxSite("demo", domain)]);
        var settings = HostSettings.For(azurite, pebble, mail, data, apiPort, apiKey, HostSettings.ForSandbox(sandbox, webhookSecret));
        foreach (var (key, value) in HostSettings.ForNginx(nginx)) settings[key] = value;

        await using var app = LocalHostProgram.Build(["--urls", $"http://127.0.0.1:{apiPort}"], c => c.AddInMemoryCollection(settings));
        await app.StartAsync();
        Console.WriteLine($"Service on http://127.0.0.1:{apiPort} (http-01 on {http01Port}); ACME CA {pebble.DirectoryUri}; inbox http://127.0.0.1:{mail.WebPort}");
        Console.WriteLine($"Sandbox CA {sandbox.BaseUri} (auto-approves each step after 3 s; operator API: POST /operator/orders/{{caReference}}/approve|reject)");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var created = await http.PostAsJsonAsync("api/orders", new { domains = new[] { domain, "www." + domain }, product = "dv-multi", dcvMethod = "http-01", contactEmail = "demo@sslflow.test",
            installTargets = new[] { new { kind = "nginx", siteName = "demo", serverName = domain, port = nginx.Port } } });
        if (!created.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"Order refused: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            return 1;
        }
        var orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        Console.WriteLine($"Placed order {orderId} for {domain}, www.{domain} ({created.Headers.Location})");

        var final = await FollowAsync(http, orderId, TimeSpan.FromMinutes(3));
        if (final.GetProperty("status").GetString() != "ACTIVE")
        {
            Console.Error.WriteLine($"The order ended {final.GetProperty("status").GetString()}: {final.GetProperty("lastError")}");
            await app.StopAsync();
            return 1;
        }

        var workflow = app.Services.GetRequiredService<DurableTaskClient>();
        var ok = await VerifyAsync(http, app.Services.GetRequiredService<IOrchestrationServiceClient>(), pebble, orderId);
        await workflow.WaitForInstanceCompletionAsync(orderId).WaitAsync(TimeSpan.FromSeconds(60)); // installation and its email are its last steps
        ok &= await CheckInstallationAsync(http, app.Services.GetRequiredService<Contracts.Installation.ITlsEndpointVerifier>(), orderId, domain, nginx.Port);

        // An OV order at the sandbox CA: each step is approved there and reaches the service by a signed webhook.
        var ov = await http.PostAsJsonAsync("api/orders", new { domains = new[] { "shop." + domain }, product = "ov-single", dcvMethod = "dns-01", contactEmail = "demo@sslflow.test" });
        var ovId = (await ov.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        Console.WriteLine($"Placed OV order {ovId} for shop.{domain} at the sandbox CA");
        var ovFinal = await FollowAsync(http, ovId, TimeSpan.FromMinutes(2));
        ok &= ovFinal.GetProperty("status").GetString() == "ACTIVE";
        await workflow.WaitForInstanceCompletionAsync(ovId).WaitAsync(TimeSpan.FromSeconds(30));

        // An S/MIME Pro order at the sandbox CA: the certificate names the person and the mailbox (rfc822Name).
        var smime = await http.PostAsJsonAsync("api/orders", new { product = "smime-pro", mailbox = "maria@" + domain, person = new { givenName = "Maria", surname = "Rossi" }, contactEmail = "demo@sslflow.test" });
        var smimeId = (await smime.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        Console.WriteLine($"Placed S/MIME Pro order {smimeId} for maria@{domain} at the sandbox CA");
        var smimeOk = (await FollowAsync(http, smimeId, TimeSpan.FromMinutes(2))).GetProperty("status").GetString() == "ACTIVE";
        if (smimeOk)
        {
            using var leaf = X509Certificate2.CreateFromPem(await http.GetStringAsync($"api/orders/{smimeId}/certificate"));
            Console.WriteLine($"S/MIME certificate {leaf.SerialNumber}: {leaf.Subject}; mailbox {leaf.GetNameInfo(X509NameType.EmailName, false)}");
        }
        ok &= smimeOk;
        await workflow.WaitForInstanceCompletionAsync(smimeId).WaitAsync(TimeSpan.FromSeconds(30));
        var inbox = await mail.GetMessagesAsync();
        Console.WriteLine($"Emails in the inbox: {string.Join(" | ", inbox.Select(m => m.GetProperty("subject").GetString()))}");
        if (!args.Contains("--exit")) await DemoKeepAlive.WaitForCtrlCAsync(apiPort, apiKey, mail.WebPort, ok);
        await app.StopAsync();
        Console.WriteLine(ok ? $"Demo orders {orderId} (DV), {ovId} (OV) and {smimeId} (S/MIME Pro) are ACTIVE." : "A demo order did not become ACTIVE or its certificate checks failed.");
        return ok ? 0 : 1;
    }

    /// <summary>Prints each status change; returns the final view.</summary>
    public static async Task<JsonElement> FollowAsync(HttpClient http, string orderId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (true)
        {
            var view = await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
            var status = view.GetProperty("status").GetString();
            var sub = view.TryGetProperty("subStatus", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var line = sub is null ? status : $"{status} — {sub}";
            if (line != last)
            {
                Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss}  {line}");
                last = line;
            }
            if (status is "ACTIVE" or "ACTIVATION ERROR" or "REFUNDED" || DateTime.UtcNow > deadline) return view;
            await Task.Delay(250); // a person watching a status page: polling is the point
        }
    }

    /// <summary>Issue 17: the order says installed, and a TLS handshake with SNI to the local nginx gets the issued serial.</summary>
    private static async Task<bool> CheckInstallationAsync(HttpClient http, Contracts.Installation.ITlsEndpointVerifier verifier, string orderId, string domain, int port)
    {
        var view = await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
        var issued = view.GetProperty("serialNumber").GetString()!;
        foreach (var i in view.TryGetProperty("installations", out var list) ? list.EnumerateArray() : default)
        {
            Console.WriteLine($"Installation on {i.GetProperty("target").GetString()}: {i.GetProperty("state").GetString()} — {(i.TryGetProperty("detail", out var d) ? d.GetString() : "")}");
        }
        var check = await verifier.VerifyAsync(new Contracts.Installation.TlsEndpoint(domain, port), issued, TimeSpan.FromSeconds(10), CancellationToken.None);
        Console.WriteLine($"nginx on 127.0.0.1:{port} serves {domain} with serial {check.ServedSerial ?? "none"}; issued serial {issued}: {(check.Matches ? "same" : "DIFFERENT")}");
        return check.Matches;
    }

    private static async Task<bool> VerifyAsync(HttpClient http, IOrchestrationServiceClient durable, PebbleRunner pebble, string orderId)
    {
        var pem = await http.GetStringAsync($"api/orders/{orderId}/certificate");
        var rest = new X509Certificate2Collection();
        rest.ImportFromPem(pem);
        var chain = rest[0];
        using var rootCert = X509Certificate2.CreateFromPem(await pebble.GetRootPemAsync());
        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.CustomTrustStore.Add(rootCert);
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var c in rest.Skip(1)) x509.ChainPolicy.ExtraStore.Add(c);
        var chains = x509.Build(chain);
        Console.WriteLine($"Certificate {chain.SerialNumber} for {chain.GetNameInfo(X509NameType.DnsName, false)}, valid until {chain.NotAfter:u}; chains to Pebble's root: {(chains ? "yes" : "NO")}");

        // The CSR as the CreateCsr activity returned it, read from the issuance pipeline's durable history.
        var history = await durable.GetHistoryAsync($"{orderId}:issue:0");
        var csrJson = OrchestrationHistory.ActivityResult(history, "CreateCsr") ?? throw new InvalidOperationException("No CreateCsr result in the history.");
        var csrB64 = JsonDocument.Parse(csrJson).RootElement.GetProperty("csrBase64").GetString()!;
        var csr = CertificateRequest.LoadSigningRequest(Convert.FromBase64String(csrB64), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        var sameKey = csr.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(chain.PublicKey.ExportSubjectPublicKeyInfo());
        Console.WriteLine($"Certificate carries the public key of the vault's CSR: {(sameKey ? "yes" : "NO")}");
        return chains && sameKey;
    }
}
