using Microsoft.DurableTask;

namespace SslFlow.DevHost.FaultInjection;

/// <summary>
/// Fault injection for crash tests (<see cref="CrashSwitch"/>): runs the activity, then dies like kill -9 — after the
/// activity's effect, before the framework records its result — so the restarted host runs it again.
/// </summary>
internal sealed class CrashAfterActivity(ITaskActivity inner) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        await inner.RunAsync(context, input);
        System.Diagnostics.Process.GetCurrentProcess().Kill();
        throw new InvalidOperationException("unreachable: the process was killed");
    }
}
