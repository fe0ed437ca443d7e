using System.Diagnostics;
using System.Globalization;

namespace SslFlow.Bench;

/// <summary>CPU time from /proc: this process, its running children by command name, and its reaped children.</summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100.0; // USER_HZ on Linux

    /// <summary>CPU seconds of running child processes of this one, by name: the command, or azurite / maildev for node.</summary>
    public static Dictionary<string, double> Children() => ByChild(dir => Read(Path.Combine(dir, "stat"))?.Seconds);

    /// <summary>Resident memory (VmRSS, MiB) of running child processes of this one, by the same names.</summary>
    public static Dictionary<string, double> ChildrenRssMiB() => ByChild(dir =>
    {
        try
        {
            var line = File.ReadLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return null;
        }
    });

    private static Dictionary<string, double> ByChild(Func<string, double?> measure)
    {
        var self = Environment.ProcessId;
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            if (Read(Path.Combine(dir, "stat")) is not { } stat || stat.ParentId != self) continue;
            var name = stat.Command;
            if (name == "node")
            {
                string cmdline;
                try
                {
                    cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                }
                catch (IOException)
                {
                    continue; // exited meanwhile
                }
                name = cmdline.Contains("azurite", StringComparison.Ordinal) ? "azurite" : cmdline.Contains("maildev", StringComparison.Ordinal) ? "maildev" : name;
            }
            if (measure(dir) is { } value) result[name] = result.GetValueOrDefault(name) + value;
        }
        return result;
    }

    /// <summary>CPU seconds of this process (all threads).</summary>
    public static double Self() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>CPU seconds of children that have exited and were waited for (lego, certbot runs).</summary>
    public static double Reaped()
    {
        var text = File.ReadAllText("/proc/self/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static (string Command, int ParentId, double Seconds)? Read(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var open = text.IndexOf('(');
            var close = text.LastIndexOf(')');
            var command = text[(open + 1)..close];
            var fields = text[(close + 2)..].Split(' ');
            var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            return (command, int.Parse(fields[1], CultureInfo.InvariantCulture), seconds);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
