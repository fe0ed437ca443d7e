using System.ComponentModel.DataAnnotations;

namespace SslFlow.Adapters.SandboxCa;

/// <summary>The sandbox CA's order API (section <c>SslFlow:SandboxCa</c>). Its webhook secret is configured with the other CAs'.</summary>
public sealed class SandboxCaOptions
{
    public const string Section = "SslFlow:SandboxCa";

    /// <summary>The vendor key orders and webhooks use (<c>/api/webhooks/sandbox</c>).</summary>
    [Required]
    public string Name { get; set; } = "sandbox";

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:8555/</c>.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "";

    /// <summary>Bearer key of the order API (a secret).</summary>
    [Required, MinLength(24)]
    public string ApiKey { get; set; } = "";

    /// <summary>Key of the sandbox's operator API (a secret; optional): enables <see cref="SandboxCaOperatorClient"/> for the dashboard.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>Organization name put in OV/EV/S/MIME orders (a real deployment takes it from the customer's vetted profile).</summary>
    public string? OrganizationName { get; set; }
}
