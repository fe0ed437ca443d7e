using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SslFlow.Functions.Activities;
using SslFlow.Functions.Orchestrators;
using SslFlow.Workflow.Catalog;
using SslFlow.Activities;

namespace SslFlow.Functions.Tests;

/// <summary>Every orchestrator and activity the local host registers in its DurableTaskRegistry has exactly one thin Durable function of the same name.</summary>
public sealed class FunctionCatalogTests
{
    private static IEnumerable<(string Name, MethodInfo Method)> Functions(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()?.Name, m))
            .Where(f => f.Name is not null)
            .Select(f => (f.Name!, f.m));

    [Fact]
    public void Each_orchestration_has_an_orchestrator_function_taking_TaskOrchestrationContext()
    {
        var functions = Functions(typeof(OrchestratorFunctions)).ToList();

        Assert.Equal(WorkflowCatalog.Orchestrators.Select(o => o.Name).Order(), functions.Select(f => f.Name).Order());
        foreach (var (name, method) in functions)
        {
            var parameter = Assert.Single(method.GetParameters());
            Assert.Equal(typeof(TaskOrchestrationContext), parameter.ParameterType);
            Assert.NotNull(parameter.GetCustomAttribute<OrchestrationTriggerAttribute>());
        }
    }

    [Fact]
    public void Each_activity_has_an_activity_function_with_the_activity_input_type()
    {
        var functions = Functions(typeof(ActivityFunctions)).ToDictionary(f => f.Name, f => f.Method);

        Assert.Equal(ActivityCatalog.Activities.Select(a => a.Name).Order(), functions.Keys.Order());
        foreach (var activity in ActivityCatalog.Activities)
        {
            var method = functions[activity.Name];
            var trigger = method.GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
            Assert.Equal(activity.InputType, trigger.ParameterType);
            Assert.Equal(typeof(Task<>).MakeGenericType(activity.OutputType), method.ReturnType);
        }
    }

    [Fact]
    public void Function_names_are_unique_across_the_app()
    {
        var names = typeof(ActivityFunctions).Assembly.GetTypes().SelectMany(Functions).Select(f => f.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
