namespace SslFlow.Domain.Rules;

/// <summary>An approver address that may be offered, with a warning to show next to it (null when none).</summary>
public sealed record ApproverEmailOption(string Address, string? Warning);

/// <summary>Outcome of checking a chosen approver address: an error refuses it, a warning lets it through.</summary>
public sealed record ApproverEmailCheck(string? Error, string? Warning)
{
    public bool IsAllowed => Error is null;
}
