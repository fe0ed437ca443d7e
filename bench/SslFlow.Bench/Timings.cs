using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace SslFlow.Bench;

/// <summary>Time spent per category (summed over concurrent calls, so totals can exceed the wall time).</summary>
public sealed class Timings
{
    private readonly ConcurrentDictionary<string, Accumulator> _items = new(StringComparer.Ordinal);

    public void Add(string category, long elapsedTicks, bool failed = false)
    {
        var a = _items.GetOrAdd(category, _ => new Accumulator());
        Interlocked.Increment(ref a.Count);
        if (failed) Interlocked.Increment(ref a.Failed);
        Interlocked.Add(ref a.Ticks, elapsedTicks);
    }

    public (long Count, long Failed, TimeSpan Total) Get(string category) =>
        _items.TryGetValue(category, out var a) ? (a.Count, a.Failed, Stopwatch.GetElapsedTime(0, a.Ticks)) : (0, 0, TimeSpan.Zero);

    public TimeSpan Sum(IEnumerable<string> categories) => categories.Aggregate(TimeSpan.Zero, (t, c) => t + Get(c).Total);

    public IEnumerable<string> Categories => _items.Keys.Order(StringComparer.Ordinal);

    public void Reset() => _items.Clear();

    /// <summary>A copy of the figures so far (later calls do not change it).</summary>
    public Timings Snapshot()
    {
        var copy = new Timings();
        foreach (var (k, a) in _items) copy._items[k] = new Accumulator { Count = a.Count, Failed = a.Failed, Ticks = a.Ticks };
        return copy;
    }

    private sealed class Accumulator
    {
        public long Count;
        public long Failed;
        public long Ticks;
    }
}

/// <summary>
/// Times every activity the worker runs under <c>activity.{name}</c>: after the host's registrations, each activity
/// factory in the worker's DurableTaskRegistry is wrapped. The registry keeps its factories in an internal dictionary,
/// read by reflection (a benchmark-only diagnostic; it fails loudly if the SDK changes).
/// </summary>
public static class TimedActivities
{
    public static void Register(IServiceCollection services, Timings timings) =>
        services.PostConfigureAll<DurableTaskRegistry>(registry =>
        {
            // 1.28 keeps them by (name, version) in ActivitiesByVersion; older versions by name in Activities.
            var property = typeof(DurableTaskRegistry).GetProperty("ActivitiesByVersion", BindingFlags.NonPublic | BindingFlags.Instance)
                ?? typeof(DurableTaskRegistry).GetProperty("Activities", BindingFlags.NonPublic | BindingFlags.Instance)
                ?? throw new InvalidOperationException("DurableTaskRegistry's activity map not found: the SDK changed; update the benchmark.");
            var activities = (System.Collections.IDictionary)property.GetValue(registry)!;
            foreach (var key in activities.Keys.Cast<object>().ToList())
            {
                var factory = (Func<IServiceProvider, ITaskActivity>)activities[key]!;
                var name = key.GetType().GetProperty("Name")?.GetValue(key)?.ToString() ?? key.ToString();
                activities[key] = new Func<IServiceProvider, ITaskActivity>(sp => new TimedActivity(factory(sp), "activity." + name, timings));
            }
        });

    private sealed class TimedActivity(ITaskActivity inner, string category, Timings timings) : ITaskActivity
    {
        public Type InputType => inner.InputType;

        public Type OutputType => inner.OutputType;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var start = Stopwatch.GetTimestamp();
            var failed = true;
            try
            {
                var result = await inner.RunAsync(context, input);
                failed = false;
                return result;
            }
            finally
            {
                timings.Add(category, Stopwatch.GetTimestamp() - start, failed);
            }
        }
    }
}
