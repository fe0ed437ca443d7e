// Mirrors Azure/azure-functions-dotnet-worker src/DotNetWorker/Builder/FunctionsApplicationBuilder.cs (Configuration,
// Services, Build). Upstream also implements IHostApplicationBuilder and IFunctionsWorkerApplicationBuilder; the
// constructor is internal there too.
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Azure.Functions.Worker.Builder;

public class FunctionsApplicationBuilder
{
    internal FunctionsApplicationBuilder()
    {
    }

    public ConfigurationManager Configuration => throw CompileOnly.Fail();

    public IServiceCollection Services => throw CompileOnly.Fail();

    public IHost Build() => throw CompileOnly.Fail();
}
