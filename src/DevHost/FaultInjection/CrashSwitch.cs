using Microsoft.DurableTask;
using SslFlow.LocalHost.Composition;

namespace SslFlow.DevHost.FaultInjection;

/// <summary>
/// The kill tests' switch, setting <c>DevHost:CrashAfterActivity</c> (an activity name): the process kills itself (SIGKILL)
/// right after that activity returns, before its result is journalled. Without the setting it wraps nothing. Only the
/// development host has it; the service host's <see cref="IActivityDecorator"/> hook is how it gets in.
/// </summary>
public sealed class CrashSwitch(string? crashAfter) : IActivityDecorator
{
    public const string Setting = "DevHost:CrashAfterActivity";

    public ITaskActivity Decorate(string activityName, ITaskActivity activity) =>
        crashAfter is { Length: > 0 } && string.Equals(activityName, crashAfter, StringComparison.Ordinal) ? new CrashAfterActivity(activity) : activity;

    /// <summary>Adds the switch, reading <see cref="Setting"/> from the host's configuration when the worker first creates an activity.</summary>
    public static IServiceCollection AddCrashSwitch(IServiceCollection services) =>
        services.AddSingleton<IActivityDecorator>(sp => new CrashSwitch(sp.GetRequiredService<IConfiguration>()[Setting]));
}
