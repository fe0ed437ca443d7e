using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SslFlow.Bench;

public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static BenchArgs Parse(string[] args)
    {
        var result = new BenchArgs();
        for (var i = 0; i + 1 < args.Length; i += 2) result._values[args[i].TrimStart('-')] = args[i + 1];
        return result;
    }

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name) => _values.GetValueOrDefault(name);
}

public static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var memKb = File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
            : 0;
        return $"{Environment.ProcessorCount} cores (nproc), {memKb / 1024.0 / 1024.0:F1} GiB, {cpu}";
    }

    /// <summary>The installed Debian package version, or "not installed".</summary>
    public static string Package(string name) => Run("dpkg-query", $"-W -f=${{Version}} {name}") is { Length: > 0 } v ? v : "not installed";

    public static string Versions()
    {
        string Pkg(string p) => Package(p);
        var azurite = "?";
        try
        {
            var pkg = Path.Combine(SslFlow.DevStack.RepoPaths.Root(), "node_modules", "azurite", "package.json");
            azurite = System.Text.Json.JsonDocument.Parse(File.ReadAllText(pkg)).RootElement.GetProperty("version").GetString() ?? "?";
        }
        catch (Exception)
        {
        }
        return $".NET {Environment.Version} (SDK {Run("dotnet", "--version")}), pebble {Pkg("pebble")}, lego {Pkg("lego")}, certbot {Pkg("certbot")}, azurite {azurite}";
    }

    public static string Header(string title) =>
        $"### {title}\n\nRun {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC (finished; load average then {string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ')[..3])}) on {Describe()}; {Versions()}.\n";

    public static string Run(string file, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit(10_000);
            return output.Trim();
        }
        catch (Exception)
        {
            return "";
        }
    }

    /// <summary>Resident set size of this process from /proc/self/status (VmRSS), in MiB.</summary>
    public static double RssMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}

public static class Stats
{
    public static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var index = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}

public static class Report
{
    /// <summary>Rewrites the section between &lt;!-- bench:name --&gt; markers in docs/benchmarks.md (appends it the first time).</summary>
    public static void WriteSection(string name, string body)
    {
        var path = Path.Combine(SslFlow.DevStack.RepoPaths.Root(), "docs", "benchmarks.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        string begin = $"<!-- bench:{name} -->", end = $"<!-- /bench:{name} -->";
        var block = $"{begin}\n{body.TrimEnd()}\n{end}";
        var i = text.IndexOf(begin, StringComparison.Ordinal);
        var j = text.IndexOf(end, StringComparison.Ordinal);
        text = i >= 0 && j > i ? text[..i] + block + text[(j + end.Length)..] : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }
}

public sealed class EmptyServices : IServiceProvider
{
    public object? GetService(Type serviceType) => null;
}
