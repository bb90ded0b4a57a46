using System.CommandLine;
using System.Diagnostics;

namespace Vae.Cli.Notebooks;

/// <summary><c>vae notebooks kernel install [--force]</c>: registers the pinned .NET Interactive tool as the user's Jupyter kernel.</summary>
public static class KernelCommand
{
    private const string Name = "vae notebooks kernel install";

    public static Command Create()
    {
        var force = new Option<bool>("--force")
        {
            Description = $"Replace a {JupyterKernelSpec.DisplayName} kernel another program installed (e.g. `dotnet interactive jupyter install`)",
        };
        var install = new Command("install",
            $"Register the pinned .NET Interactive tool as the Jupyter kernel {JupyterKernelSpec.Name} (\"{JupyterKernelSpec.DisplayName}\") " +
            "in Jupyter's user data folder (JUPYTER_DATA_DIR if set).")
        {
            force,
        };
        install.SetAction(parseResult => Install(parseResult.GetValue(force),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return new Command("kernel", "The Jupyter kernel the .ipynb notebooks run on.") { install };
    }

    /// <summary>The command's work, callable without parsing; returns the exit code.</summary>
    public static int Install(bool force, TextWriter output, TextWriter error)
    {
        try
        {
            var root = KernelTool.ManifestRoot;
            var version = KernelTool.PinnedVersion;
            if (!ToolIsRestored(root))
            {
                error.WriteLine($"{Name}: the pinned {KernelTool.PackageId} {version} does not run here; run ./setup.sh (it runs `dotnet tool restore`)");
                return Cli.Failure;
            }
            var path = JupyterKernelSpec.Install(root, JupyterKernelSpec.UserDataDirectory(), force);
            output.WriteLine($"installed the Jupyter kernel {JupyterKernelSpec.Name} (\"{JupyterKernelSpec.DisplayName}\"): {path}");
            output.WriteLine($"it starts {KernelTool.PackageId} {version}, as {Path.Combine(root, ".config", "dotnet-tools.json")} pins it");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"{Name}: {e.Message}");
            return Cli.Failure;
        }
    }

    // The kernelspec names the tool, not a path: it must be restored for the kernel to start.
    private static bool ToolIsRestored(string root)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in KernelTool.Arguments("--version"))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in KernelTool.QuietVariables)
            start.Environment[name] = value;
        try
        {
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(60_000) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
