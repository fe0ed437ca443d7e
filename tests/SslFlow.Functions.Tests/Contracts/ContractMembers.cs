using System.Reflection;
using System.Runtime.CompilerServices;

namespace SslFlow.Functions.Tests.Contracts;

/// <summary>
/// The public surface of the compile-only contract assembly, one line per member in the form docs/azure.md lists it:
/// <c>Type.Member</c>, <c>Type.Method(ParamType, …)</c>, <c>Type.#ctor(…)</c>. Compiler-synthesised record members are
/// left out (upstream's records have them too).
/// </summary>
internal static class ContractMembers
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    public static Assembly Assembly => typeof(Microsoft.DurableTask.TaskOrchestrationContext).Assembly;

    public static IEnumerable<Type> Types() => Assembly.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic).OrderBy(TypeName, StringComparer.Ordinal);

    public static IEnumerable<string> Of(Type type)
    {
        var name = TypeName(type);
        if (type.IsEnum)
        {
            foreach (var value in Enum.GetNames(type)) yield return $"{name}.{value}";
            yield break;
        }

        foreach (var member in type.GetMembers(Declared).Where(Visible).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            switch (member)
            {
                case ConstructorInfo c:
                    yield return $"{name}.#ctor({Parameters(c)})";
                    break;
                case MethodInfo m when !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal):
                    yield return $"{name}.{m.Name}{(m.IsGenericMethod ? $"<{string.Join(", ", m.GetGenericArguments().Select(a => a.Name))}>" : "")}({Parameters(m)})";
                    break;
                case PropertyInfo p:
                    yield return $"{name}.{p.Name}";
                    break;
                case FieldInfo f:
                    yield return $"{name}.{f.Name}";
                    break;
            }
        }
    }

    public static string TypeName(Type type)
    {
        var outer = type.DeclaringType is { } d ? TypeName(d) + "." : (type.Namespace is null ? "" : type.Namespace + ".");
        var simple = type.Name.Split('`')[0];
        return type.IsGenericTypeDefinition ? $"{outer}{simple}<{string.Join(", ", type.GetGenericArguments().Select(a => a.Name))}>" : outer + simple;
    }

    private static bool Visible(MemberInfo member)
    {
        if (member.GetCustomAttribute<CompilerGeneratedAttribute>() is not null) return false;
        if (member.Name is "EqualityContract" or "<Clone>$" or "PrintMembers" or "Deconstruct") return false;
        return member switch
        {
            ConstructorInfo c => c.IsPublic || c.IsFamily,
            MethodInfo m => m.IsPublic || m.IsFamily,
            PropertyInfo p => p.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily),
            FieldInfo f => (f.IsPublic || f.IsFamily) && !f.IsSpecialName,
            _ => false,
        };
    }

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p => Short(p.ParameterType)));

    private static string Short(Type type)
    {
        if (type.IsByRef) return Short(type.GetElementType()!) + "&";
        if (type.IsArray) return Short(type.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Short(underlying) + "?";
        if (type.IsGenericType) return $"{type.Name.Split('`')[0]}<{string.Join(", ", type.GetGenericArguments().Select(Short))}>";
        return type.Name;
    }
}
