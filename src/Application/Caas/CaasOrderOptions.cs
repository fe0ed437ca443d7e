using System.ComponentModel.DataAnnotations;

namespace SslFlow.Application.Caas;

/// <summary>
/// CaaS orders (section <c>SslFlow:Caas</c>). The durations go into each subscription's orchestration input; tests and the
/// demo make them short. The delivery period is the credential store's (<c>SslFlow:CaasCredentials:ReadableFor</c>), so
/// the route and the orchestration's destroy timer agree.
/// </summary>
public sealed class CaasOrderOptions
{
    public const string Section = "SslFlow:Caas";

    /// <summary>The CaaS provider that serves the orders (the sandbox CA locally).</summary>
    [Required]
    public string Provider { get; set; } = "sandbox";

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan RefundWindow { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ValidationPollInterval { get; set; } = TimeSpan.FromHours(4);

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan ValidationDeadline { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Reminders before the term ends.</summary>
    public List<TimeSpan> RemindBefore { get; set; } = [TimeSpan.FromDays(30), TimeSpan.FromDays(7)];

    /// <summary>
    /// A renewal is refused (409) once the term ends within this margin: the renew event must reach the subscription's
    /// history before its term-end timer fires, or the subscription would end although the customer was told 202.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RenewCutoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The shortest term a customer may buy (tests lower it to seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MinimumTerm { get; set; } = TimeSpan.FromDays(30);
}
