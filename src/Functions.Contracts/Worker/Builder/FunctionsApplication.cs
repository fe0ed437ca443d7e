// Mirrors Azure/azure-functions-dotnet-worker src/DotNetWorker/Builder/FunctionsApplication.cs.
using Microsoft.DurableTask;

namespace Microsoft.Azure.Functions.Worker.Builder;

public class FunctionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args) => throw CompileOnly.Fail();
}
