using System.CommandLine;
using Vae.Notebooks.Jupyter;
using Vae.Notebooks.Kernel;

namespace Vae.Cli.Commands;

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
        install.SetAction(parsed => Install(parsed.GetValue(force), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        return new Command("kernel", "The Jupyter kernel the .ipynb notebooks run on.") { install };
    }

    /// <summary>The command's work, callable without parsing; returns the exit code.</summary>
    public static int Install(bool force, TextWriter output, TextWriter error) => Cli.Guard(Name, error, () =>
    {
        var root = KernelTool.ManifestRoot;
        var version = KernelTool.PinnedVersion;
        if (!KernelTool.IsRestored())
            throw new KernelUnavailableException($"the pinned {KernelTool.PackageId} {version} does not run here; run ./setup.sh (it runs `dotnet tool restore`)");
        var path = JupyterKernelSpec.Install(root, CliEnvironment.JupyterDataDirectory, force);
        output.WriteLine($"installed the Jupyter kernel {JupyterKernelSpec.Name} (\"{JupyterKernelSpec.DisplayName}\"): {path}");
        output.WriteLine($"it starts {KernelTool.PackageId} {version}, as {Path.Combine(root, ".config", "dotnet-tools.json")} pins it");
        return 0;
    });
}
