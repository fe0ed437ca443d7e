using System.Text.Json;
using SslFlow.DevStack;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// The host process dies in the middle of an order (SIGKILL, no shutdown code) and is started again on the same
/// Azurite and vault folder: the order still reaches ACTIVE, with one certificate and one finalization at the CA.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class CrashRecoveryTests(LocalPartsFixture parts)
{
    public static TheoryData<string> CrashPoints() => new() { "SubmitOrder", "FinalizeOrder", "DownloadAndMerge" };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task Killed_right_after_an_activity_the_order_still_becomes_active_once(string crashAfter)
    {
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-crash-").FullName;
        var settings = parts.Settings(data, port, "Hub" + Guid.NewGuid().ToString("N")[..10]);
        await using var host = new HostProcess(settings, port);
        using var http = parts.Client(port);

        await host.StartAsync(new Dictionary<string, string?> { ["SslFlow:Testing:CrashAfterActivity"] = crashAfter });
        var domain = $"crash-{Guid.NewGuid():N}"[..18] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain }, product = "dv-single", dcvMethod = "http-01" });
        await host.WaitForExitAsync(TimeSpan.FromMinutes(1)); // died after the activity's effect, before its result was journalled

        await host.StartAsync();
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        AssertOneCertificateAndOneFinalization(view, data, orderId);
    }

    [Fact]
    public async Task Killed_at_an_arbitrary_moment_the_order_still_becomes_active_once()
    {
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-kill-").FullName;
        await using var host = new HostProcess(parts.Settings(data, port, "Hub" + Guid.NewGuid().ToString("N")[..10]), port);
        using var http = parts.Client(port);
        await host.StartAsync();
        var domain = $"kill-{Guid.NewGuid():N}"[..17] + ".sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(http, new { domains = new[] { domain }, product = "dv-single", dcvMethod = "http-01" });
        await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(1), "ACTIVATION IN PROGRESS", "ACTIVE");
        await host.KillAsync();

        await host.StartAsync();
        var view = await LocalPartsFixture.WaitForStatusAsync(http, orderId, TimeSpan.FromMinutes(2), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");
        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        AssertOneCertificateAndOneFinalization(view, data, orderId);
    }

    private void AssertOneCertificateAndOneFinalization(JsonElement view, string data, string orderId)
    {
        var vaultFolder = Directory.GetDirectories(Path.Combine(data, "vault")).Single(d => Path.GetFileName(d).Contains(orderId, StringComparison.OrdinalIgnoreCase));
        Assert.Single(Directory.GetFiles(vaultFolder, "*.chain.pem"));
        var acmeOrderId = view.GetProperty("caReference").GetString()!.Split('/')[^1];
        Assert.Equal(1, parts.Pebble.FinalizationsOf(acmeOrderId));
    }
}
