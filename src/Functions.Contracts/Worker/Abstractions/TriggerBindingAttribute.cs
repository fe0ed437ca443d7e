// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/TriggerBindingAttribute.cs.
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

[AttributeUsage(AttributeTargets.Parameter)]
public abstract class TriggerBindingAttribute : BindingAttribute
{
    public TriggerBindingAttribute()
    {
    }
}
