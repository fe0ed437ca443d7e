using System.ComponentModel.DataAnnotations;

namespace SslFlow.Application.Operator;

/// <summary>
/// Where the sandbox CA's back office is (section <c>SslFlow:Operator:SandboxCa</c>). Optional: without a URL the
/// dashboard hides "approve in the sandbox CA" and the proxy routes answer 404. Only for the local sandbox; a real
/// CA's validation staff are not reachable from here.
/// </summary>
public sealed class SandboxCaOperatorOptions
{
    public const string Section = "SslFlow:Operator:SandboxCa";

    /// <summary>The sandbox CA's base URL (its <c>/operator</c> routes are under it).</summary>
    public Uri? Url { get; set; }

    /// <summary>The sandbox's operator key (sent as <c>Authorization: Bearer</c>); never sent to the browser.</summary>
    [MinLength(8)]
    public string? OperatorKey { get; set; }

    /// <summary>The CA name orders at the sandbox carry; approvals are refused for orders at any other CA.</summary>
    [Required]
    public string CaName { get; set; } = "sandbox";

    public bool IsConfigured => Url is not null && !string.IsNullOrEmpty(OperatorKey);
}
