using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Adapters.SandboxCa;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Acme.Tests.SandboxCa;

/// <summary>The adapter's reading of the sandbox order's organization step (the wire shape the sandbox's StepView writes).</summary>
public class SandboxVettingReportTests
{
    private sealed class OneAnswer(string json) : HttpMessageHandler
    {
        public string? Path { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Path = request.RequestUri!.AbsolutePath;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }

    private static async Task<(CaOrganizationVetting? Vetting, string? Path)> ReadAsync(string steps)
    {
        var handler = new OneAnswer($$"""{"caReference":"SB-2","status":"pending","steps":[{{steps}}],"currentStep":null,"hasCsr":false,"awaitingCsr":true,"dcv":[],"reason":null}""");
        using var http = new HttpClient(handler);
        var ca = new SandboxCertificateAuthority(http, new SandboxCaOptions { BaseUrl = "http://127.0.0.1:1/", ApiKey = "k" }, TimeProvider.System,
            NullLogger<SandboxCertificateAuthority>.Instance);
        return (await ca.GetOrganizationVettingAsync("SB-2", default), handler.Path);
    }

    [Fact]
    public async Task A_vetted_step_gives_its_day_and_order_and_a_reused_one_the_first_order_and_day()
    {
        var (own, path) = await ReadAsync("""{"name":"organization","event":"organization.validated","status":"completed","completedAt":"2026-11-20T09:00:00Z"}""");
        Assert.Equal(new CaOrganizationVetting(DateTimeOffset.Parse("2026-11-20T09:00:00Z"), "SB-2"), own);
        Assert.EndsWith("/v1/orders/SB-2", path);

        var (reused, _) = await ReadAsync("""{"name":"organization","event":"organization.validated","status":"completed","completedAt":"2026-11-25T10:00:00Z","reusedFrom":"SB-1","vettedAt":"2026-06-01T08:00:00Z"}""");
        Assert.Equal(new CaOrganizationVetting(DateTimeOffset.Parse("2026-06-01T08:00:00Z"), "SB-1"), reused);

        var (open, _) = await ReadAsync("""{"name":"organization","event":"organization.validated","status":"pending","completedAt":null}""");
        Assert.Null(open);
        var (none, _) = await ReadAsync("""{"name":"domain_control","event":"dcv.completed","status":"completed","completedAt":"2026-11-20T09:00:00Z"}""");
        Assert.Null(none);
    }
}
