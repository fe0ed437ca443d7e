using Microsoft.Extensions.Logging;

namespace SslFlow.Functions.Tests;

/// <summary>Records the dictionary scopes opened and, for each message, the scopes active when it was logged.</summary>
internal sealed class ScopeCapturingLogger<T> : ILogger<T>
{
    private readonly List<IReadOnlyDictionary<string, object?>> open = [];

    public List<IReadOnlyDictionary<string, object?>> Scopes { get; } = [];

    public List<(string Message, IReadOnlyDictionary<string, object?>[] Scopes)> Messages { get; } = [];

    public IDisposable BeginScope<TState>(TState state)
        where TState : notnull
    {
        var d = state as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
        this.Scopes.Add(d);
        this.open.Add(d);
        return new Pop(this.open);
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        this.Messages.Add((formatter(state, exception), this.open.ToArray()));

    private sealed class Pop(List<IReadOnlyDictionary<string, object?>> open) : IDisposable
    {
        public void Dispose() => open.RemoveAt(open.Count - 1);
    }
}
