// Mirrors Azure/azure-functions-durable-extension src/Worker.Extensions.DurableTask/OrchestrationTriggerAttribute.cs
// (Orchestration; the hidden LargePayloadPurge marker is not used).
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OrchestrationTriggerAttribute : TriggerBindingAttribute
{
    public string? Orchestration { get; set; }
}
