// Mirrors Azure/azure-functions-dotnet-worker src/DotNetWorker.Core/Hosting/WorkerOptions.cs (Serializer only).
using Azure.Core.Serialization;

namespace Microsoft.Azure.Functions.Worker;

public class WorkerOptions
{
    public ObjectSerializer? Serializer { get; set; }
}
