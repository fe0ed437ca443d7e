namespace SslFlow.Functions.Tests;

/// <summary>Files of the repository the tests read (docs, infra, settings), found from the test's output folder.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SslFlow.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("SslFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
