namespace SslFlow.Contracts.Installation;

/// <summary><paramref name="Targets"/>: the order's targets when known (a new order); null = read the stored ones (renewal, reissue, retry).</summary>
public sealed record PrepareInstallationInput(string OrderId, IReadOnlyList<InstallTarget>? Targets);

/// <summary>The targets and the settings the orchestration needs (orchestrators have no DI, so they come through history).</summary>
public sealed record InstallationPlan(IReadOnlyList<InstallTarget> Targets, IReadOnlyList<TimeSpan> RetryDelays, TimeSpan? VerifyWithin);

public sealed record VerifyInstallationInput(TlsEndpoint Endpoint, string SerialNumber, TimeSpan? Within);

/// <summary>Returns false when the order's current serial is another one: a newer certificate superseded this installation.</summary>
public sealed record RecordInstallationInput(string OrderId, InstallationState State);

/// <summary>
/// Installation settings (<c>SslFlow:Installation:Workflow</c>): the backoff between retries of a failed installation
/// (its length is the number of retries) and how long the check on the wire keeps trying (null = the verifier's default).
/// </summary>
public sealed class InstallationWorkflowOptions
{
    public List<TimeSpan> RetryDelays { get; set; } = [];

    public TimeSpan? VerifyWithin { get; set; }

    /// <summary>Production default: 5 min, 30 min, 2 h, 12 h (configuration binding appends to a non-empty list, so the default lives here).</summary>
    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays.Count > 0
        ? RetryDelays
        : [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];
}
