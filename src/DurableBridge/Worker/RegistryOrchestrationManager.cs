using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace SslFlow.DurableBridge.Worker;

/// <summary>
/// The framework asks for an orchestration by name on every episode; the SDK registry creates the orchestrator and the
/// SDK's shim adapts it (context, DataConverter, replay) to the framework's <see cref="TaskOrchestration"/>.
/// </summary>
internal sealed class RegistryOrchestrationManager(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services)
    : INameVersionObjectManager<TaskOrchestration>
{
    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Orchestrations are registered in the DurableTaskRegistry (AddTasks), not on the TaskHubWorker.");

    // Null makes the framework fail the instance with "Orchestration not found" (the version is not used by the registry).
    public TaskOrchestration? GetObject(string name, string? version) =>
        factory.TryCreateOrchestrator(new TaskName(name), services, out var orchestrator)
            ? shims.CreateOrchestration(new TaskName(name), orchestrator)
            : null;
}
