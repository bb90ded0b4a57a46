using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vae.Core;
using Vae.Notebooks.Kernel;

namespace Vae.Notebooks.Jupyter;

/// <summary>
/// The Jupyter kernelspec that starts the repository's pinned .NET Interactive tool in its <c>jupyter</c> mode, under
/// the name and title the tool itself registers (".net-csharp", ".NET (C#)"), so the .ipynb twins, which name that
/// kernel, open with it in VS Code's Jupyter extension, JupyterLab, Notebook and nbconvert.
/// </summary>
/// <remarks>
/// The tool's own <c>jupyter install</c> writes a kernelspec that runs <c>dotnet interactive</c>, a global tool, which
/// this repository does not install. <c>dotnet tool run</c> runs the pinned local tool, but finds the manifest
/// (.config/dotnet-tools.json) only from the current folder up, and it has no option to name one. Jupyter starts a
/// kernel in the notebook's folder, where the notebooks' <c>#r "../artifacts/..."</c> must resolve; so the kernel
/// starts there when that folder is inside the repository, and from the repository's root otherwise (a notebook
/// elsewhere still gets the pinned tool).
/// </remarks>
public static class JupyterKernelSpec
{
    public const string Name = ".net-csharp";
    public const string DisplayName = ".NET (C#)";
    public const string Language = "C#";

    /// <summary>The key under the kernelspec's metadata that marks one this command wrote.</summary>
    private const string Marker = "vae_workbook";

    /// <summary>
    /// Jupyter's user data folder, as Jupyter finds it: <paramref name="jupyterDataDir"/> (JUPYTER_DATA_DIR) when set, else
    /// ~/.local/share/jupyter on Linux (<paramref name="xdgDataHome"/>/jupyter when XDG_DATA_HOME is set), ~/Library/Jupyter on
    /// macOS, %APPDATA%\jupyter on Windows.
    /// </summary>
    public static string UserDataDirectory(string? jupyterDataDir, string? xdgDataHome)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (jupyterDataDir is not null)
            return Path.GetFullPath(jupyterDataDir);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS())
            return Path.Combine(home, "Library", "Jupyter");
        return Path.Combine(xdgDataHome ?? Path.Combine(home, ".local", "share"), "jupyter");
    }

    /// <summary>kernel.json for the pinned tool of the repository at <paramref name="repositoryRoot"/>.</summary>
    public static string KernelJson(string repositoryRoot)
    {
        string[] tool = ["dotnet", .. KernelTool.Arguments("jupyter", "--default-kernel", "csharp", "--http-local-only")];
        JsonArray argv;
        if (OperatingSystem.IsWindows())
        {
            // No POSIX shell: the kernel finds the manifest from the notebook's folder, so only notebooks inside the repository start.
            argv = [.. tool.Select(a => (JsonNode)a), "{connection_file}"];
        }
        else
        {
            // $0 is the repository, $1 the connection file. exec: Jupyter's signals reach the tool's host, not a shell.
            var script = $"case \"$PWD/\" in \"$0\"/*) ;; *) cd \"$0\" || exit 1 ;; esac; exec {string.Join(' ', tool)} \"$1\"";
            argv = ["/bin/sh", "-c", script, repositoryRoot, "{connection_file}"];
        }
        var spec = new JsonObject
        {
            ["argv"] = argv,
            ["display_name"] = DisplayName,
            ["language"] = Language,
            ["env"] = new JsonObject([.. KernelTool.QuietVariables.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))]),
            ["metadata"] = new JsonObject
            {
                [Marker] = new JsonObject { ["repository"] = repositoryRoot, ["tool_manifest"] = Path.Combine(repositoryRoot, ".config", "dotnet-tools.json") },
            },
        };
        // Relaxed escaping: the shell line reads as written ("$0", not \u0022$0\u0022).
        return spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>
    /// Writes the kernelspec into <c>{dataDirectory}/kernels/.net-csharp/kernel.json</c>. A .NET (C#) kernelspec another
    /// program wrote there (the tool's own <c>jupyter install</c>) is kept unless <paramref name="replace"/>.
    /// </summary>
    /// <returns>The kernel.json written.</returns>
    /// <exception cref="IOException">Another program's kernelspec is there and <paramref name="replace"/> is false.</exception>
    public static string Install(string repositoryRoot, string dataDirectory, bool replace)
    {
        var path = Path.Combine(dataDirectory, "kernels", Name, "kernel.json");
        if (!replace && File.Exists(path) && !IsOurs(path))
            throw new IOException(
                $"{path} is a {DisplayName} kernel another program installed (the tool's own `jupyter install` starts a global " +
                "`dotnet interactive`); pass --force to replace it with this repository's pinned kernel");
        AtomicFile.WriteAllText(path, KernelJson(repositoryRoot));
        return path;
    }

    private static bool IsOurs(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["metadata"]?[Marker] is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
