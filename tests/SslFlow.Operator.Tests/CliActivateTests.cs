using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SslFlow.Cli;

namespace SslFlow.Operator.Tests;

/// <summary><c>sslflow activate --mailbox</c> (its real entry point, in-process) on an S/MIME purchase at the real local host.</summary>
[Collection(OperatorHostCollection.Name)]
public sealed class CliActivateTests(OperatorHostFixture host)
{
    [Fact]
    public async Task An_smime_pro_purchase_is_activated_with_its_mailbox_and_person_and_the_order_view_shows_both()
    {
        var purchase = await host.Http.PostAsJsonAsync("api/orders", new { product = "smime-pro", contactEmail = "ops@sslflow.test" });
        Assert.Equal(HttpStatusCode.Accepted, purchase.StatusCode);
        var orderId = (await purchase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        var mailbox = $"maria-{Guid.NewGuid():N}"[..14] + "@sslflow.test";
        var details = Path.Combine(Directory.CreateTempSubdirectory("sslflow-cli-").FullName, "person.json");
        await File.WriteAllTextAsync(details, JsonSerializer.Serialize(new { person = new { givenName = "Maria", surname = "Rossi" } }));

        // A purchase is activated once it is recorded (until then the host answers 409 "send it again in a moment");
        // lists show recorded orders only.
        for (var deadline = DateTime.UtcNow.AddMinutes(1); !(await host.Http.GetStringAsync("api/orders?status=PENDING%20ACTIVATION&pageSize=1000")).Contains(orderId, StringComparison.Ordinal); await Task.Delay(100))
        {
            Assert.True(DateTime.UtcNow < deadline, "The purchase was never recorded."); // observing the public API
        }

        var activate = await RunAsync("activate", orderId, "--mailbox", mailbox, "--details", details);

        // The CLI prints "accepted" only for the host's 202.
        Assert.True(activate.Code == ExitCodes.Ok, activate.ToString());
        Assert.Contains($"Activation accepted for order {orderId}", activate.Out);
        var view = await host.WaitForOrderAsync(orderId, v => v.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(60));
        Assert.Equal(mailbox, view.GetProperty("mailbox").GetString());
        Assert.Equal([mailbox], view.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        var person = view.GetProperty("subject").GetProperty("person");
        Assert.Equal("Maria", person.GetProperty("givenName").GetString());
        Assert.Equal("Rossi", person.GetProperty("surname").GetString());
        Assert.NotEqual("PENDING ACTIVATION", view.GetProperty("status").GetString());
    }

    private async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["SSLFLOW_URL"] = host.BaseUrl.ToString(), ["SSLFLOW_API_KEY"] = host.ApiKey };
        var context = new CliContext(stdout, stderr, name => env.GetValueOrDefault(name), TimeProvider.System, TimeSpan.FromMilliseconds(200));
        var code = await CliApp.RunAsync(args, context);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    private sealed record CliRun(int Code, string Out, string Error)
    {
        public override string ToString() => $"exit {Code}\nstdout:\n{Out}\nstderr:\n{Error}";
    }
}
