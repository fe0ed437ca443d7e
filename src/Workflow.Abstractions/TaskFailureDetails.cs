namespace SslFlow.Workflow.Abstractions;

/// <summary>Mirrors Durable's <c>TaskFailureDetails</c>: a failure as it is kept in the journal.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    public static TaskFailureDetails FromException(Exception ex) =>
        new(ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.StackTrace,
            ex.InnerException is null ? null : FromException(ex.InnerException));

    /// <summary>True when the failure was caused by an exception of type <typeparamref name="T"/> (or a subtype).</summary>
    public bool IsCausedBy<T>() where T : Exception
    {
        for (var type = Type.GetType(ErrorType, throwOnError: false) ?? FindType(ErrorType); type is not null; type = type.BaseType)
        {
            if (type == typeof(T)) return true;
        }
        return false;
    }

    private static Type? FindType(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null);
}
