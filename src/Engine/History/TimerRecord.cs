namespace SslFlow.Engine.History;

/// <summary>A durable timer: persisted with its fire time, so it fires after a restart even if the host was down then.</summary>
public sealed record TimerRecord(long Generation, int TaskId, DateTime FireAt)
{
    public string Key => $"{Generation:D6}-{TaskId:D8}";
}
