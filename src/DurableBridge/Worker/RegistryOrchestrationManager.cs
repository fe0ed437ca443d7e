using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.Middleware;
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

    // Not null for an unknown name: the framework would abandon and redeliver that work item forever (the instance stays
    // Pending); an orchestration that throws fails the instance instead, with the reason in its failure details.
    // The version is not used: the registry knows names only.
    public TaskOrchestration? GetObject(string name, string? version) =>
        factory.TryCreateOrchestrator(new TaskName(name), services, out var orchestrator)
            ? new ParentAwareOrchestration(new TaskName(name), orchestrator, shims)
            : new MissingOrchestration(name);

    /// <summary>
    /// Dispatcher middleware: the framework looks an orchestration up by name only, so the parent of a sub-orchestration
    /// (the SDK's <c>context.Parent</c>) is handed over from the runtime state before the episode runs.
    /// </summary>
    public static async Task PassParentAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        if (context.GetProperty<TaskOrchestration>() is ParentAwareOrchestration orchestration
            && context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance is { OrchestrationInstance: not null } parent)
        {
            orchestration.Parent = new ParentOrchestrationInstance(new TaskName(parent.Name), parent.OrchestrationInstance.InstanceId);
        }
        await next();
    }

    private sealed class MissingOrchestration(string name) : TaskOrchestration
    {
        // A faulted task, not a throw: the framework fails the instance for the former, but treats an exception thrown
        // synchronously out of Execute as a dispatcher error and redelivers the message.
        public override Task<string> Execute(OrchestrationContext context, string input) =>
            Task.FromException<string>(new TypeMissingException($"Orchestration '{name}' is not registered in the DurableTaskRegistry."));

        public override string GetStatus() => null!;

        public override void RaiseEvent(OrchestrationContext context, string name, string input)
        {
        }
    }

    /// <summary>Creates the SDK shim when the episode starts, once the parent is known.</summary>
    private sealed class ParentAwareOrchestration(TaskName name, ITaskOrchestrator orchestrator, DurableTaskShimFactory shims) : TaskOrchestration
    {
        private TaskOrchestration? _shim;

        public ParentOrchestrationInstance? Parent { get; set; }

        private TaskOrchestration Shim => _shim ??= shims.CreateOrchestration(name, orchestrator, Parent);

        public override Task<string> Execute(OrchestrationContext context, string input) => Shim.Execute(context, input);

        public override string GetStatus() => Shim.GetStatus();

        public override void RaiseEvent(OrchestrationContext context, string name, string input) => Shim.RaiseEvent(context, name, input);
    }
}
