// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/src/InputBindingAttribute.cs.
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

[AttributeUsage(AttributeTargets.Parameter)]
public abstract class InputBindingAttribute : BindingAttribute
{
    public InputBindingAttribute()
    {
    }
}
