namespace SslFlow.Contracts.Installation;

/// <summary>
/// An order's install targets (chosen at ordering, or the customer's default) and the last installation state of each,
/// kept next to the order so renewals and reissues find them. Targets are numbered by their position in the order.
/// </summary>
public interface IInstallationStore
{
    /// <summary>Stores the order's targets once; a re-run with targets already stored keeps the stored ones.</summary>
    Task SaveTargetsAsync(string orderId, IReadOnlyList<InstallTarget> targets, CancellationToken cancellationToken);

    Task<IReadOnlyList<InstallTarget>> GetTargetsAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Replaces the state of one target (last write wins: states are written in the order the workflow runs them).</summary>
    Task RecordAsync(string orderId, InstallationState state, CancellationToken cancellationToken);

    Task<IReadOnlyList<InstallationState>> ListAsync(string orderId, CancellationToken cancellationToken);
}

public enum InstallationPhase
{
    Installing,
    Installed,
    Failed,
}

/// <summary>Where one target stands: for which serial, since when, and in words (nginx's output, the serial served, the webhook's answer).</summary>
public sealed record InstallationState(int Index, InstallTarget Target, InstallationPhase Phase, string SerialNumber, string Detail, DateTimeOffset At, int Attempts);
