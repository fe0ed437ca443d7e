// Mirrors Azure/azure-functions-durable-extension src/Worker.Extensions.DurableTask/ActivityTriggerAttribute.cs
// (Activity; the InputConverter/ConverterFallbackBehavior attributes are runtime binding details, not reproduced).
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ActivityTriggerAttribute : TriggerBindingAttribute
{
    public string? Activity { get; set; }
}
