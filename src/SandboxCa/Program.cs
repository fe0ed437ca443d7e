using SslFlow.SandboxCa;

// The sandbox CA: a reseller-style order API that issues real certificates from a local test root.
// dotnet SslFlow.SandboxCa.dll --urls http://127.0.0.1:8555 --data-dir .localdata/sandbox-ca --api-key KEY
//   [--operator-key KEY] [--webhook-url URL --webhook-secret whsec_...] [--auto-approve-after 00:00:02]
//   [--eab-pool-file pool.json --caas-directory-url https://127.0.0.1:14000/dir] [--smtp-host H --smtp-port P] [--public-url URL] [--drop-webhooks-percent N] [--webhook-retries 4] [--webhook-retry-delay 00:00:01] [--validity-days N]
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:8555");
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var options = SandboxOptions.FromConfiguration(builder.Configuration);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => CaHierarchy.LoadOrCreate(Path.Combine(options.DataDirectory, "ca"), sp.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton(new OrderStore(options.DataDirectory));
builder.Services.AddSingleton<CertificateIssuer>();
builder.Services.AddSingleton<WebhookSender>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
builder.Services.AddSingleton<ApprovalMailer>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ApprovalMailer>());
builder.Services.AddSingleton<OrderBook>();
builder.Services.AddSingleton(new SubscriptionStore(options.DataDirectory));
builder.Services.AddSingleton(new EabKeyPool(options.EabPoolFile));
builder.Services.AddSingleton<SubscriptionBook>();
builder.Services.AddProblemDetails();

var app = builder.Build();
app.Use(async (context, next) =>
{
    try
    {
        await next(context);
    }
    catch (SandboxApiException ex)
    {
        await Results.Problem(statusCode: ex.Status, title: ex.Code, detail: ex.Message, extensions: ex.Extensions())
            .ExecuteAsync(context);
    }
});
app.MapOrderEndpoints(options);
app.MapOperatorEndpoints(options);
app.MapApprovalEndpoints();
app.MapSubscriptionEndpoints(options);

// Made eagerly so the root exists (and orders are loaded, auto timers resumed) before the first request.
app.Services.GetRequiredService<OrderBook>();
app.Services.GetRequiredService<SubscriptionBook>();
app.Logger.LogInformation("Sandbox CA ready: data in {DataDirectory}, root {Thumbprint}, auto-approve {Auto}, webhooks to {WebhookUrl}, CaaS {Caas}",
    Path.GetFullPath(options.DataDirectory), app.Services.GetRequiredService<CaHierarchy>().Root.Thumbprint, options.AutoApproveAfter?.ToString() ?? "off", options.WebhookUrl?.ToString() ?? "none",
    options.EabPoolFile is null ? "off" : $"EAB pool of {app.Services.GetRequiredService<EabKeyPool>().Load().Count} keys for {options.CaasDirectoryUrl}");
app.Run();
