namespace SslFlow.DurableBridge;

/// <summary>How the client watches instances (the framework's stores have no change notifications).</summary>
public sealed class OrchestrationServiceClientOptions
{
    /// <summary>Interval of the status reads behind WaitForInstanceStartAsync / WaitForInstanceCompletionAsync.</summary>
    public TimeSpan StatusPollingInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
