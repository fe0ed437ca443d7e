using Microsoft.DurableTask;

namespace SslFlow.EndToEnd.Tests;

/// <summary>Calls an activity class directly (as the worker would, outside any orchestration) to seed or observe state.</summary>
internal sealed class DirectActivityContext(string name) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId => "test";

    public static DirectActivityContext For<TActivity>() => new(typeof(TActivity).Name);
}
