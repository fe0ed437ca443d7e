using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SslFlow.Application.Http;

namespace SslFlow.Application.Tests.Http;

/// <summary>
/// Issue 26 item 18: an API key put in the URL is refused (keys are read from headers only) and must not reach a log line.
/// A real Kestrel host with the local host's logging setup (<see cref="RequestLog"/>) and every log line captured.
/// </summary>
public sealed class RequestLogTests
{
    private const string Key = "k3y-in-the-url-0123456789abcdef";

    [Theory]
    [InlineData("api/orders?api_key=" + Key)]
    [InlineData("api/orders?access_token=" + Key + "&pageSize=5")]
    [InlineData("api/orders?" + Key)]
    [InlineData("api/orders?q=" + Key + "#frag")]
    public async Task A_key_in_the_query_is_in_no_log_line_and_the_request_is_logged_with_the_values_redacted(string url)
    {
        var lines = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new Capturing(lines));
        builder.Logging.AddSslFlowRequestLog();
        await using var app = builder.Build();
        app.UseSslFlowRequestLog();
        app.MapGet("/api/orders", () => Results.Problem(statusCode: 401, title: "Authentication required."));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/") };

        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await app.StopAsync();

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.DoesNotContain(Key, l));
        var line = Assert.Single(lines, l => l.StartsWith(RequestLog.Category + ": HTTP GET /api/orders", StringComparison.Ordinal));
        Assert.Contains("answered 401", line);
        Assert.Contains(RequestLog.Redacted, line);
    }

    [Fact]
    public void Only_short_parameter_names_survive_and_no_value_does()
    {
        Assert.Equal("?api_key=[redacted]&pageSize=[redacted]", RequestLog.Query(new QueryString("?api_key=abc&pageSize=5")));
        Assert.Equal("?[redacted]", RequestLog.Query(new QueryString("?" + Key)));
        Assert.Equal("", RequestLog.Query(QueryString.Empty));
    }

    private sealed class Capturing(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
