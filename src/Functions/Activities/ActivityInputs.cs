using System.Collections.Concurrent;
using System.Reflection;

namespace SslFlow.Functions.Activities;

/// <summary>Reads OrderId/CaReference from an activity input record, for the log scope (cached per type).</summary>
internal static class ActivityInputs
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo? OrderId, PropertyInfo? CaReference)> Properties = new();

    public static (string? OrderId, string? CaReference) Identify(object input)
    {
        var (order, reference) = Properties.GetOrAdd(input.GetType(), t => (Find(t, "OrderId"), Find(t, "CaReference")));
        return (order?.GetValue(input) as string, reference?.GetValue(input) as string);
    }

    private static PropertyInfo? Find(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var p } property && p == typeof(string) ? property : null;
}
