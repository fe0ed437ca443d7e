using SslFlow.Contracts.Vault;

namespace SslFlow.Contracts.Installation;

/// <summary>
/// Installs a vault certificate on one kind of target (<see cref="InstallTargetKinds"/>). Activities run at least once,
/// so installing the serial that is installed already is a no-op that reports <see cref="InstallOutcome.AlreadyInstalled"/>.
/// Expected failures (configuration check, reload, a refused API call, an undelivered webhook, a key the vault will
/// not export) come back as <see cref="InstallOutcome.Failed"/> with the reason, the previous certificate still in
/// place; exceptions are for cancellation and bugs.
/// </summary>
public interface IInstallTarget
{
    string Kind { get; }

    Task<InstallResult> InstallAsync(InstallRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// One installation: the order, the vault certificate (by name, plus the serial and thumbprint the caller expects the
/// vault to hold) and where. No key material: adapters that write keys ask <see cref="IKeyExport"/> themselves, so a
/// key never sits in an activity's input or history.
/// </summary>
public sealed record InstallRequest(
    string OrderId,
    string CertificateName,
    string SerialNumber,
    string Thumbprint,
    DateTimeOffset NotAfter,
    InstallTarget Target);

public enum InstallOutcome
{
    /// <summary>The new certificate was pushed (files written and reloaded, binding updated).</summary>
    Installed,

    /// <summary>This serial was installed already: nothing changed (re-run).</summary>
    AlreadyInstalled,

    /// <summary>Nothing to push (the target follows Key Vault); only the check on the wire tells.</summary>
    VerifyOnly,

    /// <summary>The customer's webhook answered 2xx.</summary>
    Delivered,

    /// <summary>Not installed; <see cref="InstallResult.Detail"/> says why. The previous certificate is still in place.</summary>
    Failed,
}

/// <summary>
/// What happened, in words for the order's timeline (<paramref name="Detail"/>), and where to check on the wire
/// (<paramref name="VerifyAt"/>, null when nothing can be checked).
/// </summary>
public sealed record InstallResult(InstallOutcome Outcome, string Detail, TlsEndpoint? VerifyAt)
{
    public bool Succeeded => Outcome is not InstallOutcome.Failed;

    public static InstallResult Failed(string detail, TlsEndpoint? verifyAt = null) => new(InstallOutcome.Failed, detail, verifyAt);
}

/// <summary>Picks the adapter for a target's kind (hosts register one <see cref="IInstallTarget"/> per kind).</summary>
public sealed class InstallTargets(IEnumerable<IInstallTarget> targets)
{
    private readonly Dictionary<string, IInstallTarget> _byKind = targets.ToDictionary(t => t.Kind, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    public Task<InstallResult> InstallAsync(InstallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _byKind.TryGetValue(request.Target.Kind, out var target)
            ? target.InstallAsync(request, cancellationToken)
            : Task.FromResult(InstallResult.Failed($"No installer for target kind '{request.Target.Kind}' is configured here.", request.Target.VerifyAt));
    }
}
