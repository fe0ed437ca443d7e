using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SslFlow.Functions.Composition;

// Isolated worker with the ASP.NET Core integration: HTTP triggers take HttpRequest and share the local host's handlers.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSslFlowFunctions(builder.Configuration);
builder.Build().Run();
