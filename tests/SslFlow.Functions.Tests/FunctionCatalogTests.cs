using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SslFlow.Functions.Activities;
using SslFlow.Functions.Orchestrators;
using SslFlow.Workflow.Abstractions;
using SslFlow.Workflow.Catalog;

namespace SslFlow.Functions.Tests;

/// <summary>Every orchestration and activity the embedded engine registers has exactly one thin Durable function of the same name.</summary>
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

        Assert.Equal(WorkflowCatalog.Orchestrations.Select(o => o.Name).Order(), functions.Select(f => f.Name).Order());
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

        Assert.Equal(WorkflowCatalog.Activities.Select(a => a.Name).Order(), functions.Keys.Order());
        foreach (var activity in WorkflowCatalog.Activities)
        {
            var contract = activity.ActivityType.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IActivity<,>));
            var method = functions[activity.Name];
            var trigger = method.GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
            Assert.Equal(contract.GenericTypeArguments[0], trigger.ParameterType);
            Assert.Equal(typeof(Task<>).MakeGenericType(contract.GenericTypeArguments[1]), method.ReturnType);
        }
    }

    [Fact]
    public void Function_names_are_unique_across_the_app()
    {
        var names = typeof(ActivityFunctions).Assembly.GetTypes().SelectMany(Functions).Select(f => f.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
