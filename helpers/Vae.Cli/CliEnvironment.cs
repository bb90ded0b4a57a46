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

    /// <summary>JUPYTER_DATA_DIR: where Jupyter keeps its user data (kernel specs) when set.</summary>
    public static string? JupyterDataDirectory => Text("JUPYTER_DATA_DIR");

    /// <summary>XDG_DATA_HOME: the base of Jupyter's user data on Linux when JUPYTER_DATA_DIR is not set.</summary>
    public static string? XdgDataHome => Text("XDG_DATA_HOME");

    /// <summary>PATH, as the sandbox passes it on and searches it for bwrap.</summary>
    public static string? SearchPath => Text("PATH");

    /// <summary>DOTNET_ROOT, passed on to a sealed kernel where set.</summary>
    public static string? DotnetRoot => Text("DOTNET_ROOT");

    /// <summary>Where the .NET CLI keeps its per-user state (the tool resolver's cache): DOTNET_CLI_HOME, else the home folder.</summary>
    public static string DotnetCliHome => Text("DOTNET_CLI_HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>NuGet's package folder: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string NuGetPackages =>
        Text("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    // Set but empty counts as unset, as in a shell's ${NAME:-default}.
    private static string? Text(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
