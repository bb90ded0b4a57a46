using Vae.Notebooks.Grading;
using Vae.Notebooks.Jupyter;

namespace Vae.Cli;

/// <summary>
/// The one place the `vae` command reads its environment: the variables only the command uses, and Jupyter's own.
/// What notebooks read (VAE_EPOCHS, VAE_MNIST_DIR, …) is the helper assembly's <see cref="Settings"/>.
/// </summary>
internal static class CliEnvironment
{
    public const string DebugVariable = "VAE_DEBUG", PythonVariable = "VAE_PYTHON";

    /// <summary>VAE_DEBUG=1: the `vae` command shows stack traces instead of one-line errors.</summary>
    public static bool Debug => Text(DebugVariable) == "1";

    /// <summary>
    /// VAE_PYTHON: the Python whose PyTorch `vae bench` runs as its reference (e.g. one with CUDA on a GPU machine);
    /// by default Debian's, which has python3-torch, rather than whichever python3 comes first on the PATH.
    /// </summary>
    public static string Python => Text(PythonVariable) ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    /// <summary>
    /// The notebook settings this process has (VAE_EPOCHS, VAE_SUBSET, VAE_DEVICE, VAE_RUNS), as given: what a notebook
    /// kernel started from here inherits unless the caller overrides it.
    /// </summary>
    public static Dictionary<string, string> NotebookVariables() =>
        new[] { Settings.EpochsVariable, Settings.SubsetVariable, Settings.DeviceVariable, Settings.RunsVariable }
            .Where(name => Text(name) is not null).ToDictionary(name => name, name => Text(name)!);

    /// <summary>Jupyter's user data folder (kernel specs), from JUPYTER_DATA_DIR or XDG_DATA_HOME as Jupyter reads them.</summary>
    public static string JupyterDataDirectory => JupyterKernelSpec.UserDataDirectory(Text("JUPYTER_DATA_DIR"), Text("XDG_DATA_HOME"));

    /// <summary>
    /// What a sealed kernel needs of this machine's .NET: PATH (searched for bwrap and dotnet too), DOTNET_ROOT where set,
    /// NuGet's package folder (NUGET_PACKAGES, else ~/.nuget/packages), and the .NET CLI's home for its tool resolver cache
    /// (DOTNET_CLI_HOME, else the home folder).
    /// </summary>
    public static KernelHost KernelHost => new(Text("PATH") ?? "/usr/bin:/bin", Text("DOTNET_ROOT"),
        Text("NUGET_PACKAGES") ?? Path.Combine(Home, ".nuget", "packages"), Text("DOTNET_CLI_HOME") ?? Home);

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    // Set but empty counts as unset, as in a shell's ${NAME:-default}.
    private static string? Text(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
