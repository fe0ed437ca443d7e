// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Http/AuthorizationLevel.cs (same members and
// values). Current releases declare it in Microsoft.Azure.Functions.Worker, the namespace HttpTriggerAttribute.cs uses it from.
namespace Microsoft.Azure.Functions.Worker;

public enum AuthorizationLevel
{
    Anonymous = 0,
    User = 1,
    Function = 2,
    System = 3,
    Admin = 4,
}
