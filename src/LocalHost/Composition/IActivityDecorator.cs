using Microsoft.DurableTask;

namespace SslFlow.LocalHost.Composition;

/// <summary>
/// The host's one extension point on activity registration: every <see cref="IActivityDecorator"/> in the container wraps
/// each activity the worker creates, in registration order. The service registers none; a host that composes this one
/// (the development host's crash switch, a benchmark's timers) adds its own without the service knowing what it does.
/// </summary>
public interface IActivityDecorator
{
    /// <summary>Returns <paramref name="activity"/> itself, or a wrapper around it, for the activity registered as <paramref name="activityName"/>.</summary>
    ITaskActivity Decorate(string activityName, ITaskActivity activity);
}
