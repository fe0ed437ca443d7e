// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Http/HttpTriggerAttribute.cs (the
// (AuthorizationLevel, params string[]) constructor, Route, Methods, AuthLevel). Data only, so the bodies are upstream's.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

public sealed class HttpTriggerAttribute : TriggerBindingAttribute
{
    public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
    {
        this.AuthLevel = authLevel;
        this.Methods = methods;
    }

    public string? Route { get; set; }

    public string[]? Methods { get; private set; }

    public AuthorizationLevel AuthLevel { get; private set; }
}
