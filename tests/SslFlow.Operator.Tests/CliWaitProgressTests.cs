using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Cli;

namespace SslFlow.Operator.Tests;

/// <summary>
/// <c>order --wait</c>'s progress over a scripted API (a handler standing in for the host) and a fake clock: one line per
/// change, a "still …" line when nothing changed for <see cref="CliApp.HeartbeatEvery"/>, and the timeout.
/// </summary>
public sealed class CliWaitProgressTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Each_change_prints_a_line_and_a_long_unchanged_wait_prints_still_waiting_with_the_elapsed_time()
    {
        string[] statuses = ["PENDING ACTIVATION", .. Enumerable.Repeat("ACTIVATION IN PROGRESS", 5), "ACTIVE"];
        var (code, output) = await RunAsync(statuses, "--timeout", "600");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "Order ord-1 accepted: PENDING ACTIVATION",
            "[00:00:00] PENDING ACTIVATION",
            "[00:00:10] ACTIVATION IN PROGRESS — domain control validation",
            "[00:00:40] still ACTIVATION IN PROGRESS — domain control validation after 0 min 40 s",
            "[00:01:00] ACTIVE",
            "Certificate issued. Download it with: sslflow download ord-1",
        ], lines);
    }

    [Fact]
    public async Task A_wait_past_the_timeout_exits_3_naming_the_last_status()
    {
        var (code, output) = await RunAsync(Enumerable.Repeat("ACTIVATION IN PROGRESS", 10).ToArray(), "--timeout", "25");

        Assert.Equal(ExitCodes.TimedOut, code);
        Assert.Contains("error: order ord-1 is still ACTIVATION IN PROGRESS after 25 s", output);
    }

    /// <summary>Runs <c>order --wait</c>; status GETs are answered from <paramref name="statuses"/>; the clock moves one poll each time the CLI starts waiting.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string[] statuses, params string[] extra)
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
        var waiting = Channel.CreateUnbounded<bool>();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, _ => null, new SignallingTime(fake, waiting.Writer), Poll, new ScriptedApi(statuses));
        var run = CliApp.RunAsync(["order", "--domain", "a.example", "--wait", "--url", "http://api.invalid", "--api-key", "k", .. extra], context);
        // Advance only once the CLI's delay timer exists, so every poll interval is really waited out.
        while (await Task.WhenAny(waiting.Reader.ReadAsync().AsTask(), run) != run) fake.Advance(Poll);
        var code = await run;
        return (code, stdout + stderr.ToString());
    }

    /// <summary>The fake clock, telling the test when a timer (the CLI's poll delay) is created.</summary>
    private sealed class SignallingTime(FakeTimeProvider inner, ChannelWriter<bool> created) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            created.TryWrite(true);
            return timer;
        }
    }

    private sealed class ScriptedApi(string[] statuses) : HttpMessageHandler
    {
        private int _polls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post)
            {
                return Task.FromResult(Json(HttpStatusCode.Accepted, """{"orderId":"ord-1","status":"PENDING ACTIVATION","created":true}"""));
            }
            var status = statuses[Math.Min(_polls++, statuses.Length - 1)];
            var sub = status == "ACTIVATION IN PROGRESS" ? "\"domain control validation\"" : "null";
            return Task.FromResult(Json(HttpStatusCode.OK, $$"""{"orderId":"ord-1","status":"{{status}}","subStatus":{{sub}}}"""));
        }

        private static HttpResponseMessage Json(HttpStatusCode code, string body) =>
            new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
