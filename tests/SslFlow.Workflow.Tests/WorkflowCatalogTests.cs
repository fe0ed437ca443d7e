using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SslFlow.Activities;
using SslFlow.Activities.Renewal;
using SslFlow.Contracts;
using SslFlow.Workflow.Catalog;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.Vault;

namespace SslFlow.Workflow.Tests;

/// <summary>The one registration: every orchestrator and activity class is listed once, under its class name, with the types it really takes.</summary>
public sealed class WorkflowCatalogTests
{
    private static IEnumerable<Type> Concrete(Type openBase) =>
        new[] { typeof(WorkflowCatalog).Assembly, typeof(ActivityCatalog).Assembly, typeof(RenewalPolicy).Assembly }.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && BaseOf(t, openBase) is not null);

    private static Type? BaseOf(Type type, Type openBase)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == openBase) return t;
        }
        return null;
    }

    public static TheoryData<string> Kinds => new() { "orchestrators", "activities" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_class_is_listed_once_under_its_name_with_its_input_and_output_types(string kind)
    {
        var (list, openBase) = kind == "orchestrators"
            ? (WorkflowCatalog.Orchestrators.Select(o => (o.Name, o.Type, o.InputType, o.OutputType)).ToList(), typeof(TaskOrchestrator<,>))
            : (ActivityCatalog.Activities.Select(a => (a.Name, a.Type, a.InputType, a.OutputType)).ToList(), typeof(TaskActivity<,>));

        Assert.Equal(Concrete(openBase).OrderBy(t => t.Name), list.Select(f => f.Type).OrderBy(t => t.Name));
        Assert.Equal(list.Count, list.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count()); // Durable names are case-insensitive
        Assert.All(list, f =>
        {
            Assert.Equal(f.Type.Name, f.Name);
            Assert.Equal(BaseOf(f.Type, openBase)!.GetGenericArguments(), [f.InputType, f.OutputType]);
        });
    }

    /// <summary>
    /// Orchestrations call activities by <see cref="ActivityNames"/>: one constant per activity, its value the name the
    /// activity has always been registered under (its class name), so recorded history keeps replaying.
    /// </summary>
    [Fact]
    public void ActivityNames_has_one_constant_per_activity_whose_value_is_the_registered_name()
    {
        var constants = typeof(ActivityNames).GetFields().Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

        Assert.Equal(ActivityCatalog.Activities.Select(a => a.Type.Name).Order(), constants.Keys.Order());
        Assert.All(constants, c => Assert.Equal(c.Key, c.Value));
        Assert.All(ActivityCatalog.Activities, a => Assert.Equal(constants[a.Type.Name], a.Name));
    }

    [Fact]
    public void The_registry_gets_every_orchestrator_and_activity_and_builds_activities_from_the_container()
    {
        var registry = new DurableTaskRegistry().AddSslFlowOrchestrators().AddSslFlowActivities();

        var orchestrators = registry.GetOrchestrators().ToList();
        var activities = registry.GetActivities().ToList();
        Assert.Equal(WorkflowCatalog.Orchestrators.Select(o => o.Name).Order(), orchestrators.Select(o => o.Key.Name).Order());
        Assert.Equal(ActivityCatalog.Activities.Select(a => a.Name).Order(), activities.Select(a => a.Key.Name).Order());

        // Activities take their ports by constructor injection: each one is built from a container that has the ports.
        var services = new Container();
        foreach (var port in typeof(IVault).Assembly.GetTypes().Where(t => t.IsInterface && t.IsPublic))
        {
            services.Add(port, ((Mock)Activator.CreateInstance(typeof(Mock<>).MakeGenericType(port))!).Object);
        }
        services.Add(typeof(CertificateAuthorities), new CertificateAuthorities([]));
        services.Add(typeof(SslFlow.Contracts.Caas.CaasProviders), new SslFlow.Contracts.Caas.CaasProviders([]));
        services.Add(typeof(RenewalInfoLookup), new RenewalInfoLookup(new CertificateAuthorities([]), Mock.Of<IVault>(), NullLogger<RenewalInfoLookup>.Instance));
        services.Add(typeof(InstallTargets), new InstallTargets([]));
        services.Add(typeof(TimeProvider), TimeProvider.System); // both hosts register it (DestroyCredentials waits on it)
        services.Add(typeof(Contracts.Installation.InstallationWorkflowOptions), new Contracts.Installation.InstallationWorkflowOptions());
        foreach (var (name, factory) in activities)
        {
            var activity = factory(services);
            Assert.Equal(ActivityCatalog.Activities.Single(a => a.Name == name.Name).Type, activity.GetType());
        }
        foreach (var (name, factory) in orchestrators)
        {
            Assert.Equal(WorkflowCatalog.Orchestrators.Single(o => o.Name == name.Name).Type, factory(services).GetType());
        }
    }

    /// <summary>The least container ActivatorUtilities needs: registered singletons, all of one kind, and loggers.</summary>
    private sealed class Container : IServiceProvider
    {
        private readonly Dictionary<Type, object> _services = [];

        public void Add(Type type, object instance) => _services[type] = instance;

        public object? GetService(Type serviceType) =>
            _services.TryGetValue(serviceType, out var s) ? s
            : serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(ILogger<>)
                ? Activator.CreateInstance(typeof(NullLogger<>).MakeGenericType(serviceType.GetGenericArguments()))
            : serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                ? All(serviceType.GetGenericArguments()[0])
                : null;

        private Array All(Type type)
        {
            var all = _services.TryGetValue(type, out var one) ? new[] { one } : [];
            var array = Array.CreateInstance(type, all.Length);
            Array.Copy(all, array, all.Length);
            return array;
        }
    }
}
