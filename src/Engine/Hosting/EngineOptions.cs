namespace SslFlow.Engine.Hosting;

public sealed class EngineOptions
{
    /// <summary>Identifies this host in instance locks; unique per process.</summary>
    public string Owner { get; set; } = DefaultOwner();

    /// <summary>How long an instance lock lasts: a host that dies mid-episode holds it at most this long.</summary>
    public TimeSpan InstanceLockDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a dispatched activity is leased. When it runs out and the activity is still running here, the next
    /// episode extends the lease; when the host died, another host (or this one after a restart) runs it again.
    /// </summary>
    public TimeSpan ActivityLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the due index is read; in-process work is signalled at once, this covers timers and other hosts.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int MaxConcurrentOrchestrations { get; set; } = 8;

    public int MaxConcurrentActivities { get; set; } = 16;

    /// <summary>How long shutdown waits for running activities before abandoning them for redelivery.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Machine (at most 16 characters, any length works), process and a random part, so it is unique per process.</summary>
    private static string DefaultOwner()
    {
        var machine = Environment.MachineName;
        return $"{machine[..Math.Min(machine.Length, 16)]}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    }
}
