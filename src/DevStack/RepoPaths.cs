namespace SslFlow.DevStack;

/// <summary>Finds the repository (the folder holding SslFlow.sln) and its npm tools.</summary>
public static class RepoPaths
{
    public static string Root()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SslFlow.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("SslFlow.sln not found above the program or the current directory.");
    }

    public static string NodeTool(string name)
    {
        var path = Path.Combine(Root(), "node_modules", ".bin", name);
        if (!File.Exists(path)) throw new InvalidOperationException($"{name} is not installed: run 'bash scripts/setup.sh' (npm ci) first.");
        return path;
    }
}
