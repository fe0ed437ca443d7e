namespace SslFlow.Workflow.Abstractions;

public sealed class InstanceAlreadyExistsException(string instanceId)
    : InvalidOperationException($"An orchestration instance with id '{instanceId}' already exists.")
{
    public string InstanceId { get; } = instanceId;
}

public sealed class InstanceNotFoundException(string instanceId)
    : InvalidOperationException($"No orchestration instance with id '{instanceId}' exists.")
{
    public string InstanceId { get; } = instanceId;
}
