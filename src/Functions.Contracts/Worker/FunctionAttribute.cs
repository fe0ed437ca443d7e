// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/FunctionAttribute.cs.
namespace Microsoft.Azure.Functions.Worker;

[AttributeUsage(AttributeTargets.Method)]
public class FunctionAttribute : Attribute
{
    public FunctionAttribute(string name)
    {
        this.Name = name;
    }

    public string Name { get; }
}
