namespace Vae.Core;

/// <summary>Where the workbook's repository is: what ./setup.sh fetched (data/node_modules) and the default runs/ folder are under it.</summary>
public static class Repository
{
    /// <summary>
    /// The nearest folder above the helper assemblies (built into artifacts/bin/Vae/release/) or, failing that, above
    /// the current directory, that holds data/package.json.
    /// </summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        foreach (var start in new[] { Path.GetDirectoryName(typeof(Repository).Assembly.Location), Environment.CurrentDirectory })
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "data", "package.json"))) return dir.FullName;
        return Environment.CurrentDirectory;
    }
}
