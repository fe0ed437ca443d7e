using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace SslFlow.DurableBridge.Worker;

/// <summary>
/// Activities are created per execution inside their own DI scope (scoped dependencies such as a unit of work live
/// exactly as long as one activity run), so the framework gets a <see cref="ScopedActivity"/> that does that when run.
/// </summary>
internal sealed class RegistryActivityManager(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceScopeFactory scopes)
    : INameVersionObjectManager<TaskActivity>
{
    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Activities are registered in the DurableTaskRegistry (AddTasks), not on the TaskHubWorker.");

    public TaskActivity? GetObject(string name, string? version) => new ScopedActivity(new TaskName(name), factory, shims, scopes);

    private sealed class ScopedActivity(TaskName name, IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceScopeFactory scopes)
        : TaskActivity
    {
        public override string Run(TaskContext context, string input) =>
            throw new NotSupportedException("The framework runs activities through RunAsync.");

        public override async Task<string> RunAsync(TaskContext context, string input)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!factory.TryCreateActivity(name, scope.ServiceProvider, out var activity))
            {
                // Surfaces in the orchestration as a TaskFailedException naming the activity.
                throw new TypeMissingException($"Activity '{name.Name}' is not registered in the DurableTaskRegistry.");
            }
            return (await shims.CreateActivity(name, activity).RunAsync(context, input))!;
        }
    }
}
