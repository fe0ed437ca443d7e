namespace SslFlow.DevStack;

/// <summary>
/// Where the Debian packages the local stack starts put their programs: /usr/sbin first (named, rndc, nginx and pdns_server
/// live there, and a non-root PATH often lacks it), then every folder on PATH.
/// </summary>
public static class Executables
{
    /// <summary>The full path of <paramref name="name"/>, or null when it is not installed.</summary>
    public static string? Find(string name) => new[] { "/usr/sbin" }
        .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);
}
