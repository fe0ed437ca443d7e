using System.Net.Http.Json;
using System.Text.Json;

namespace SslFlow.DevStack;

/// <summary>maildev: an SMTP server that keeps what it receives, readable over its REST API.</summary>
public sealed class MailDevRunner : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    private MailDevRunner(ChildProcess process, int smtpPort, int webPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        WebPort = webPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/") };
    }

    public int SmtpPort { get; }

    public int WebPort { get; }

    public static async Task<MailDevRunner> StartAsync()
    {
        int smtp = FreePort.Next(), web = FreePort.Next();
        var process = await ChildProcess.StartAsync("maildev", RepoPaths.NodeTool("maildev"),
            ["--smtp", smtp.ToString(), "--web", web.ToString(), "--ip", "127.0.0.1", "--silent"], web);
        return new MailDevRunner(process, smtp, web);
    }

    /// <summary>All messages received so far (maildev's <c>GET /email</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> GetMessagesAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<List<JsonElement>>("email", cancellationToken) ?? [];

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
