using Vae.Models;
using Vae.Training;
using Vae.Torch;

namespace Vae;

/// <summary>What the notebooks share: the lecture's training set-up, named runs, and a model loaded or trained on demand.</summary>
public static class Workbook
{
    /// <summary>
    /// The lecture's training set-up (MLP 784-500-500, z = 2, Adam 1e-3, batch 128, seed 1), with the settings that make
    /// a notebook quick (<see cref="Settings"/>: VAE_EPOCHS, VAE_SUBSET, VAE_DEVICE) applied.
    /// </summary>
    public static TrainingConfig LectureConfig(int epochs = 10) => new()
    {
        Epochs = Settings.Epochs(epochs),
        Subset = Settings.Subset,
        Device = Settings.Device,
    };

    /// <summary>A named run folder under <see cref="Settings.RunsDirectory"/>, e.g. RunFolder("lecture").</summary>
    public static string RunFolder(string name) => Path.Combine(Settings.RunsDirectory, name);

    /// <summary>
    /// The model trained with this configuration in runs/<paramref name="name"/>, for inference: loaded when a notebook
    /// already trained it with the same settings (or, failing that, when the reference runs of
    /// <see cref="Settings.ReferenceRunsDirectory"/> have it), otherwise trained now and saved there, so each notebook also
    /// runs on its own. A checkpoint of other settings, of an older workbook or damaged, is trained again.
    /// </summary>
    public static VaeModel LoadOrTrain(string name, TrainingConfig config)
    {
        var directory = RunFolder(name);
        config = config.Validate();
        if (TryLoad(directory, config) is { } model)
            return model;
        if (Settings.ReferenceRunsDirectory is { } reference && TryLoad(Path.Combine(reference, name), config) is { } shared)
            return shared;
        Console.WriteLine($"Training {config.Model} for {config.Epochs} epoch(s) now, into {directory}.");
        using var trainer = Trainer.Create(config, directory);
        trainer.Run();
        Console.WriteLine($"Trained: test −ELBO {trainer.History[^1].TestLoss:F2} after {trainer.Epoch} epoch(s).");
        return Checkpoint.LoadModel(directory, trainer.Device);
    }

    /// <summary>The model of the run in <paramref name="directory"/> when it was trained with <paramref name="config"/>; else null.</summary>
    private static VaeModel? TryLoad(string directory, TrainingConfig config)
    {
        if (!Checkpoint.Exists(directory))
            return null;
        try
        {
            var info = Checkpoint.ReadInfo(directory);
            // A run resumed past the asked-for epochs (notebook 1 does one more) still counts.
            if (info.Config with { Epochs = config.Epochs } != config || info.Epoch < config.Epochs)
                return null;
            var model = Checkpoint.LoadModel(directory, Devices.Parse(config.Device));
            Console.WriteLine($"Loaded {info.Model} from {directory} (epoch {info.Epoch}, test −ELBO {info.History.LastOrDefault()?.TestLoss:F2}).");
            return model;
        }
        catch (CheckpointException e)
        {
            Console.WriteLine($"Not using the checkpoint in {directory}: {e.Message}");
            return null;
        }
    }
}
