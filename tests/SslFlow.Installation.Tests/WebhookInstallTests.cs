using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SslFlow.Adapters.Installation;
using SslFlow.Application.Webhooks;
using SslFlow.DevStack;
using SslFlow.Contracts.Installation;

namespace SslFlow.Installation.Tests;

/// <summary>The customer's receiver on Kestrel: verifies every delivery with our own Standard Webhooks verifier and answers as scripted.</summary>
public sealed class WebhookInstallTests : IAsyncLifetime
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentQueue<int> _script = new();
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private WebApplication _receiver = null!;
    private Uri _url = null!;

    private sealed record Delivery(string? Id, bool SignatureValid, string? RejectReason, JsonElement Body);

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        _receiver = builder.Build();
        var verifier = new WebhookVerifier(TimeProvider.System);
        _receiver.MapPost("/hooks/certificates", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var verdict = verifier.Verify([Secret], request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body);
            _deliveries.Enqueue(new Delivery(request.Headers["webhook-id"], verdict.IsValid, verdict.Reason, JsonDocument.Parse(body).RootElement.Clone()));
            return Results.StatusCode(verdict.IsValid ? (_script.TryDequeue(out var status) ? status : 204) : 401);
        });
        await _receiver.StartAsync();
        _url = new Uri($"http://127.0.0.1:{port}/hooks/certificates");
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private WebhookInstallTarget Target(string secretName = "contoso")
    {
        var options = new WebhookInstallOptions { PublicBaseUri = new Uri("https://sslflow.example/"), RetryDelay = TimeSpan.FromMilliseconds(10), Attempts = 3 };
        options.Secrets["contoso"] = "whsec_" + Convert.ToBase64String(Secret);
        return new WebhookInstallTarget(options, new HttpClient());
    }

    private InstallRequest Request(string serial = "0A1B2C3D4E", string secretName = "contoso") => new(
        "o-hook", "order-hook", serial, "THUMB", new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero),
        new WebhookTarget(_url, secretName));

    [Fact]
    public async Task Delivers_a_signed_event_with_the_order_serial_not_after_and_download_link()
    {
        var result = await Target().InstallAsync(Request(), CancellationToken.None);

        Assert.Equal(InstallOutcome.Delivered, result.Outcome);
        Assert.Null(result.VerifyAt);
        var delivery = Assert.Single(_deliveries);
        Assert.True(delivery.SignatureValid, delivery.RejectReason);
        Assert.Equal(WebhookInstallTarget.MessageId("o-hook", "0A1B2C3D4E"), delivery.Id);
        Assert.Equal(WebhookInstallTarget.EventType, delivery.Body.GetProperty("type").GetString());
        Assert.True((DateTimeOffset.UtcNow - delivery.Body.GetProperty("timestamp").GetDateTimeOffset()).Duration() < TimeSpan.FromMinutes(1));
        var data = delivery.Body.GetProperty("data");
        Assert.Equal("o-hook", data.GetProperty("orderId").GetString());
        Assert.Equal("0A1B2C3D4E", data.GetProperty("serialNumber").GetString());
        Assert.Equal(new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero), data.GetProperty("notAfter").GetDateTimeOffset());
        Assert.Equal("https://sslflow.example/api/orders/o-hook/certificate", data.GetProperty("downloadUrl").GetString());
    }

    [Fact]
    public async Task Retries_on_5xx_with_the_same_id_until_delivered()
    {
        _script.Enqueue(503);
        _script.Enqueue(500);

        var result = await Target().InstallAsync(Request(), CancellationToken.None);

        Assert.Equal(InstallOutcome.Delivered, result.Outcome);
        Assert.Equal(3, _deliveries.Count);
        Assert.All(_deliveries, d => Assert.True(d.SignatureValid, d.RejectReason));
        Assert.Single(_deliveries.Select(d => d.Id).Distinct());
    }

    [Fact]
    public async Task Gives_up_after_the_configured_attempts_and_does_not_retry_a_4xx()
    {
        foreach (var status in new[] { 503, 503, 503 }) _script.Enqueue(status);
        var exhausted = await Target().InstallAsync(Request(), CancellationToken.None);
        Assert.Equal(InstallOutcome.Failed, exhausted.Outcome);
        Assert.Contains("HTTP 503", exhausted.Detail);
        Assert.Equal(3, _deliveries.Count);

        _script.Enqueue(410);
        var gone = await Target().InstallAsync(Request("0B"), CancellationToken.None);
        Assert.Equal(InstallOutcome.Failed, gone.Outcome);
        Assert.Contains("HTTP 410", gone.Detail);
        Assert.Equal(4, _deliveries.Count);
    }

    [Fact]
    public async Task Another_serial_is_another_id_and_an_unknown_secret_is_refused_before_sending()
    {
        Assert.NotEqual(WebhookInstallTarget.MessageId("o-hook", "01"), WebhookInstallTarget.MessageId("o-hook", "02"));
        Assert.Equal(WebhookInstallTarget.MessageId("o-hook", "0a"), WebhookInstallTarget.MessageId("o-hook", "0A"));

        var result = await Target().InstallAsync(Request(secretName: "nobody"), CancellationToken.None);

        Assert.Equal(InstallOutcome.Failed, result.Outcome);
        Assert.Contains("'nobody' is not configured", result.Detail);
        Assert.Empty(_deliveries);
    }
}
