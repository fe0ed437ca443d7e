using System.Globalization;
using SslFlow.Cli.Models;

namespace SslFlow.Cli;

/// <summary>Human-readable order output: a fact sheet with the timeline, a table, and progress lines.</summary>
public static class OrderPrinter
{
    public static void WriteDetail(TextWriter w, OrderDto o)
    {
        Fact(w, "Order", o.OrderId);
        Fact(w, "Status", o.Status);
        Fact(w, "Sub-status", o.SubStatus);
        Fact(w, "Reseller", o.ResellerState);
        Fact(w, "Domains", o.Domains is { Count: > 0 } d ? string.Join(", ", d) : null);
        Fact(w, "Product", o.Product);
        Fact(w, "DCV method", o.DcvMethod);
        Fact(w, "CA reference", o.CaReference);
        Fact(w, "Serial", o.SerialNumber);
        Fact(w, "Valid from", Time(o.NotBefore));
        Fact(w, "Valid until", Time(o.NotAfter));
        Fact(w, "Last error", o.LastError);
        Fact(w, "Workflow", o.Workflow);
        Fact(w, "Created", Time(o.CreatedAt));
        Fact(w, "Updated", Time(o.UpdatedAt));
        if (o.Transitions is { Count: > 0 } transitions)
        {
            w.WriteLine("Timeline:");
            foreach (var t in transitions)
            {
                var sub = t.SubStatus is null ? "" : $" ({t.SubStatus})";
                var detail = t.Detail is null ? "" : $" — {t.Detail}";
                w.WriteLine($"  {Time(t.At)}  {t.From ?? "(new)"} -> {t.To}{sub}  [{t.Cause}, {t.Actor}]{detail}");
            }
        }
    }

    public static void WriteTable(TextWriter w, IReadOnlyList<OrderDto> orders)
    {
        var rows = orders.Select(o => new[]
        {
            o.OrderId, o.Status, o.Domains is { Count: > 0 } d ? d[0] + (d.Count > 1 ? $" (+{d.Count - 1})" : "") : "", o.CaReference ?? "-",
            o.NotAfter?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-",
        }).ToList();
        string[] header = ["ORDER", "STATUS", "DOMAIN", "CA REFERENCE", "EXPIRES"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        w.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var r in rows) w.WriteLine(string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        w.WriteLine($"{orders.Count} order(s)");
    }

    public static string Progress(DateTimeOffset now, OrderDto o)
    {
        var line = $"[{now.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {o.Status}";
        if (o.SubStatus is { Length: > 0 } sub) line += $" — {sub}";
        if (o.CaReference is { Length: > 0 } reference) line += $" (CA reference {reference})";
        if (o.LastError is { Length: > 0 } error && o.Status != "ACTIVE") line += $": {error}";
        return line;
    }

    public static string StillWaiting(DateTimeOffset now, OrderDto o, TimeSpan elapsed) =>
        $"[{now.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] still {o.Status}{(o.SubStatus is { Length: > 0 } sub ? $" — {sub}" : "")} after {Elapsed(elapsed)}";

    public static string Elapsed(TimeSpan t) => t.TotalHours >= 1
        ? $"{(int)t.TotalHours} h {t.Minutes:00} min"
        : $"{(int)t.TotalMinutes} min {t.Seconds:00} s";

    public static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Fact(TextWriter w, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value)) w.WriteLine($"{label + ":",-14}{value}");
    }
}
