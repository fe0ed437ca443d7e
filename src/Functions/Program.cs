using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SslFlow.Application.Http;
using SslFlow.Functions.Composition;

// Isolated worker with the ASP.NET Core integration: HTTP triggers take HttpRequest and share the local host's handlers.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSslFlowFunctions(builder.Configuration);
// The worker's ASP.NET Core integration would log each request's URL with its query verbatim (RequestLog says why not).
builder.Logging.AddSslFlowRequestLog();
builder.Build().Run();
