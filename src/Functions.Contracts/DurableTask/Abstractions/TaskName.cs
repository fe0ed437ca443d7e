// Mirrors microsoft/durabletask-dotnet src/Abstractions/TaskName.cs (members used by SslFlow.Functions).
// A value type: construction and the string conversions hold data, so they are real here; tests match on Name.
namespace Microsoft.DurableTask;

public readonly struct TaskName : IEquatable<TaskName>
{
    public TaskName(string name)
    {
        this.Name = name;
        this.Version = name is null ? null! : string.Empty;
    }

    public string Name { get; }

    public string Version { get; }

    public static implicit operator string(TaskName value) => value.Name;

    public static implicit operator TaskName(string value) => string.IsNullOrEmpty(value) ? default : new(value);

    public static bool operator ==(TaskName a, TaskName b) => a.Equals(b);

    public static bool operator !=(TaskName a, TaskName b) => !a.Equals(b);

    public bool Equals(TaskName other) =>
        string.Equals(this.Name, other.Name, StringComparison.OrdinalIgnoreCase)
        && string.Equals(this.Version, other.Version, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is TaskName other && this.Equals(other);

    public override int GetHashCode() => this.Name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(this.Name);

    public override string ToString() => this.Name;
}
